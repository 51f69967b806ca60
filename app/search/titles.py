"""A one-line title for every record, used by search hits and the timeline."""

from collections.abc import Callable

Titles = dict[str, Callable[[dict, dict[str, str]], str]]


def _words(value: str | None) -> str:
    return (value or "").replace("_", " ")


def _visit(r, names) -> str:
    who = r["person_name"] or "Unnamed leader"
    return (
        f"{who} ({_words(r['office'])}): {names[r['from_country']]} → "
        f"{names[r['to_country']]}, {r['year']}"
    )


def _investment(r, names) -> str:
    sides = " → ".join(names[c] for c in (r["from_country"], r["to_country"]) if c)
    return f"{_words(r['kind']).capitalize()}: {sides}" if sides else _words(r["kind"]).capitalize()


def _mission(r, names) -> str:
    return f"{_words(r['kind']).capitalize()} of {names[r['sending_country']]} in {r['city']}"


def _diaspora(r, names) -> str:
    where = names.get(r["country_code"]) or {"central_asia": "Central Asia"}.get(
        r["scope"], "the world outside Korea"
    )
    return f"Koryo-saram in {where}"


TITLES: Titles = {
    "countries": lambda r, names: r["name"],
    "people": lambda r, names: r["name"],
    "visits": _visit,
    "summits": lambda r, names: f"Summits with Korea: {names[r['country_code']]}",
    "projects": lambda r, names: r["name"],
    "investments": _investment,
    "missions": _mission,
    "diaspora": _diaspora,
    "sources": lambda r, names: r["title"],
}
