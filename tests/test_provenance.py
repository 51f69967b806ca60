"""Every seeded figure and proper name must appear in the article paragraph its record cites.

Paragraph N is the N-th non-blank line of ../shared/seed-article.txt. The check reads the
records through the API, so it covers what users are served, citations included.
"""

import calendar
import re
from decimal import Decimal

import pytest

from app.registry import REGISTRY
from tests.helpers import every_record

SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
CITED = [resource.plural for resource, _ in REGISTRY.by_plural["sources"].referrers]
"""Every registered resource whose records cite a source."""
UNCITED = {
    "countries": "reference data (names, capitals, regions), not facts the article states",
    "people": "test_every_person_is_named_in_the_article",
    "sources": "test_every_source_matches_its_footnote_line",
}
"""Registered resources that cite nothing, and how each is checked."""


def spoken_forms(number: int) -> set[str]:
    """Ways the article writes a number: 800, 20,000, 178 thousand, 94.32 million…"""
    forms = {str(number), f"{number:,}"}
    for word, scale in SCALES.items():
        if number >= scale:
            value = Decimal(number) / scale
            if value == value.quantize(Decimal("0.001")):
                forms.add(f"{value.normalize():f} {word}")
    return forms


def test_spoken_forms():
    assert spoken_forms(94_320_000) >= {"94.32 million"}
    assert spoken_forms(1_586_000_000_000) >= {"1.586 trillion"}
    assert spoken_forms(20_000) >= {"20,000", "20 thousand"}
    assert spoken_forms(800) == {"800"}


def records(client, resource: str) -> list[dict]:
    """The records that come from the article (external ones are checked in
    tests/test_external_sources.py)."""
    return [row for row in every_record(client, resource) if not is_external(row)]


def is_external(row: dict) -> bool:
    origin = row.get("origin") or row.get("citation", {}).get("source", {}).get("origin")
    return origin == "external"


EXTERNAL_PEOPLE = {"yoon-suk-yeol": "visits", "mirziyoyev": "visits", "japarov": "visits"}
"""People only external records name, and the resource whose records name them."""


@pytest.fixture(scope="module")
def capitals(client) -> dict[str, str]:
    return {row["code"]: row["capital"] for row in records(client, "countries")}


def cited_text(paragraphs: list[str], record: dict) -> str:
    citation = record["citation"]
    return paragraphs[citation["paragraph"] - 1] + "\n" + citation["section"]


NAMED_IN_FOOTNOTE = {"organisations"}
"""Resources whose names may come from the footnote the cited sentence carries: the article
names the Forum's secretariat only in footnote 14, on the sentence it backs (paragraph 51)."""


def name_text(paragraphs: list[str], resource: str, record: dict) -> str:
    """Where the record's names must be found: the cited text, and for NAMED_IN_FOOTNOTE its
    footnote's line."""
    text = cited_text(paragraphs, record)
    footnote = record["citation"]["source"]["footnote"]
    if resource in NAMED_IN_FOOTNOTE and footnote:
        text += "\n" + next(line for line in paragraphs if line.startswith(f"[{footnote}]"))
    return text


def numbers_in(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


def name_words(name: str) -> list[str]:
    return [word for word in re.findall(r"\w+", name) if len(word) >= 3]


def figures(resource: str) -> list[str]:
    """The resource's own integer columns: keys and references are not figures."""
    table = REGISTRY.by_plural[resource].table
    return [
        column.name
        for column in table.columns
        if column.type.python_type is int and not column.primary_key and not column.foreign_keys
    ]


def test_the_figures_checked_are_every_number_the_records_state():
    expected = {
        "visits": ["year"],
        "summits": ["count", "since_year"],
        "projects": ["year_from", "year_to", "value_usd", "sub_projects"],
        "investments": ["amount_usd", "year_from", "year_to", "months", "count"],
        "missions": ["year"],
        "diaspora": ["population"],
        "initiatives": ["year"],
        "agreements": ["documents", "year"],
        "organisations": ["started_year"],
        "forum_sessions": ["number", "year"],
        "indicators": ["value", "year"],
        "relations": ["year"],
        "terms": ["year_from", "year_to"],
        "person_facts": ["year", "figure"],
    }
    assert set(expected) <= set(CITED)
    assert {resource: figures(resource) for resource in expected} == expected


def test_every_registered_resource_is_checked():
    """A new resource is checked here without an edit when it cites sources; one that cites
    nothing fails until UNCITED says how it is checked."""
    registered = [resource.plural for resource in REGISTRY.resources]
    assert sorted(set(registered) - set(CITED)) == sorted(UNCITED)


def figures_of(resource: str, record: dict) -> list[int]:
    return [record[field] for field in figures(resource) if record[field] is not None]


def names_of(resource: str, record: dict, capitals: dict[str, str]) -> list[str]:
    names = [record.get("person_name"), record.get("city"), record.get("korean_party")]
    if resource == "missions" and record["kind"] == "diplomatic_mission":
        # The article places Korea's missions "in all capitals" without naming each one.
        assert record["city"] == capitals[record["host_country"]]
        names.remove(record["city"])
    return [name for name in names if name]


def printed_of(record: dict) -> list[str]:
    """A money figure's amount and currency as printed, and a date's day or month as the
    article writes it ("24.09", "August")."""
    printed = [record.get("amount_printed"), record.get("currency_printed")]
    if record.get("amount_printed"):
        assert record["amount_printed"].endswith(record["currency_printed"]) or record[
            "amount_printed"
        ].startswith(record["currency_printed"]), record
        # A currency other than the USD it is read as says how it was read.
        assert record["currency_printed"] == "USD" or record["note"], record
    for key in ("date_start", "date_end"):
        value, precision = record.get(key), record.get("date_precision")
        if value and precision == "day":
            printed.append(f"{int(value[8:])}.{value[5:7]}")
        if value and precision == "month":
            printed.append(calendar.month_name[int(value[5:7])])
    return [text for text in printed if text]


@pytest.mark.parametrize("resource", CITED)
def test_every_figure_and_name_is_in_the_cited_paragraph(
    client, article_paragraphs, capitals, resource
):
    rows = records(client, resource)
    assert rows
    for record in rows:
        text = cited_text(article_paragraphs, record)
        where = f"{resource}/{record['id']} (paragraph {record['citation']['paragraph']})"
        for figure in figures_of(resource, record):
            assert any(form in text for form in spoken_forms(figure)), (where, figure)
        named = name_text(article_paragraphs, resource, record)
        for name in names_of(resource, record, capitals):
            assert name in named, (where, name)
        for word in name_words(record.get("name") or ""):
            assert word.casefold() in named.casefold(), (where, record["name"], word)
        for number in numbers_in(record["description"] or ""):
            assert number in text, (where, "description", number)
        for printed in printed_of(record):
            assert printed in text, (where, printed)


@pytest.mark.parametrize("resource", CITED)
def test_every_citation_names_the_heading_above_its_paragraph(client, article_paragraphs, resource):
    for record in records(client, resource):
        number, section = record["citation"]["paragraph"], record["citation"]["section"]
        above = article_paragraphs[:number]
        assert section in above, (resource, record["id"], section)


def test_every_source_matches_its_footnote_line(client, article_paragraphs):
    sources = records(client, "sources")
    assert [source["footnote"] for source in sources] == [None, *range(1, 22)]
    assert article_paragraphs[sources[0]["paragraph"] - 1] == sources[0]["title"]
    for source in sources[1:]:
        line = article_paragraphs[source["paragraph"] - 1]
        assert line.startswith(f"[{source['footnote']}]"), source
        assert source["title"] in line, source
        if source["url"]:
            assert source["url"].split("?")[0] in line, source


def test_every_person_is_named_in_the_article(client, article_paragraphs):
    article = "\n".join(article_paragraphs)
    people = records(client, "people")
    assert len(people) == 20
    for person in people:
        if person["id"] in EXTERNAL_PEOPLE:
            continue
        assert person["name"] in article, person


def test_every_money_figure_in_the_article_is_in_the_dataset(client, article_paragraphs):
    body = "\n".join(article_paragraphs[2:76])
    found = {
        int(Decimal(amount) * SCALES[scale])
        for amount, scale in re.findall(
            r"(\d+(?:\.\d+)?) (thousand|million|billion|trillion) US?D\b", body
        )
    }
    found |= {int(amount.replace(",", "")) for amount in re.findall(r"\$ ?(\d[\d,]*)", body)}
    amounts = {row["amount_usd"] for row in records(client, "investments")}
    values = {row["value_usd"] for row in records(client, "projects")}
    assert len(found) == 13
    assert found <= amounts | values, sorted(found - amounts - values)


def test_every_dated_visit_and_summit_count(client):
    assert len(records(client, "visits")) == 17
    assert {r["country_code"]: r["count"] for r in records(client, "summits")} == {
        "UZ": 16,
        "KZ": 14,
        "TM": 5,
        "KG": 2,
        "TJ": 3,
    }


def test_indicators_are_the_figures_as_the_article_writes_them(client, article_paragraphs):
    printed = {"percent": lambda value: {f"{value}%"}, "people": spoken_forms}
    found = {}
    for record in records(client, "indicators"):
        if record["unit"] in printed:
            text = cited_text(article_paragraphs, record)
            (form,) = {form for form in printed[record["unit"]](record["value"]) if form in text}
            found[record["slug"]] = (form, record["qualifier"])
    assert found == {
        "kazakhstan-uranium-import-share": ("30%", "about"),
        "kazakhstan-workers-without-permits": ("12 thousand", "about"),
        "gold-collection-participants-1998": ("3.5 million", "up_to"),
        "korea-presidents-since-1948": ("12", "exact"),
    }


def test_descriptions_are_in_our_own_words(client, article_paragraphs):
    """No description shares a run of eight words with the article."""

    def runs(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.casefold())
        return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}

    article = set().union(*(runs(paragraph) for paragraph in article_paragraphs))
    for resource in CITED:
        for record in records(client, resource):
            shared = runs(record["description"] or "") & article
            assert not shared, (resource, record["id"], shared)
