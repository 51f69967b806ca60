"""The money figures' totals (app/investments/totals.py) stay what the figures make them through
seeding and every kind of curator write, and answer a stats request as the figures do."""

import dataclasses

import pytest
from sqlalchemy import select, text

from app.investments.resource import INVESTMENTS
from app.investments.totals import COLUMNS, InvestmentTotal, grouped
from app.main import create_app
from app.query.registry import Registry
from app.registry import REGISTRY
from app.synth.load import synth
from tests.clients import OneHopClient
from tests.conftest import UNLIMITED, curator_client, seeded_engine
from tests.helpers import answers_with_statements


def stored(connection) -> list[tuple]:
    rows = connection.execute(select(*(InvestmentTotal.__table__.c[c] for c in COLUMNS)))
    return sorted((tuple(row) for row in rows), key=repr)


def fresh(connection) -> list[tuple]:
    return sorted((tuple(row) for row in connection.execute(grouped())), key=repr)


def in_step(engine) -> list[tuple]:
    with engine.connect() as connection:
        totals = stored(connection)
        assert totals == fresh(connection)
    return totals


@pytest.fixture
def curated(fresh_database_url):
    with curator_client(fresh_database_url) as (client, engine):
        yield client, engine


def figure(engine, key: int) -> dict:
    with engine.connect() as connection:
        statement = text("SELECT * FROM investments WHERE id = :id")
        return dict(connection.execute(statement, {"id": key}).mappings().one())


def tag(client, key: int) -> dict:
    return {"If-Match": client.get(f"/v1/investments/{key}").headers["etag"]}


def test_every_write_keeps_the_totals_in_step(curated):
    client, engine = curated
    seeded = in_step(engine)
    latest = client.get("/v1/investments?count=exact&limit=1").json()["meta"]["total"]
    assert sum(row[COLUMNS.index("records")] for row in seeded) == latest

    with engine.connect() as connection:
        first = connection.exec_driver_sql(
            "SELECT min(id) FROM investments WHERE id NOT IN"
            " (SELECT supersedes_id FROM investments WHERE supersedes_id IS NOT NULL)"
        ).scalar_one()
    body = {k: v for k, v in figure(engine, first).items() if k != "id"}
    created = client.post("/v1/investments", json={**body, "slug": "a-new-figure"})
    assert created.status_code == 201, created.text
    key = created.json()["id"]
    assert in_step(engine) != seeded

    changed = {"to_country": "KZ", "amount_usd": 2**40 + 5, "count": 7}
    assert (
        client.patch(f"/v1/investments/{key}", json=changed, headers=tag(client, key)).status_code
        == 200
    )
    in_step(engine)

    # A newer report of the first figure: that one leaves the totals, the new one counts.
    newer = {**body, "slug": "a-newer-report", "as_of": "2026-01-01", "supersedes_id": first}
    report = client.post("/v1/investments", json=newer)
    assert report.status_code == 201, report.text
    newer_key = report.json()["id"]
    in_step(engine)

    # It stops superseding the first figure, which counts again; then supersedes the new one.
    for supersedes in (None, key):
        patch = {"supersedes_id": supersedes}
        response = client.patch(
            f"/v1/investments/{newer_key}", json=patch, headers=tag(client, newer_key)
        )
        assert response.status_code == 200, response.text
        in_step(engine)

    # Deleting the newer report brings back the one it superseded.
    assert (
        client.delete(f"/v1/investments/{newer_key}", headers=tag(client, newer_key)).status_code
        == 204
    )
    in_step(engine)
    assert client.delete(f"/v1/investments/{key}", headers=tag(client, key)).status_code == 204
    assert in_step(engine) == seeded

    # Reverting the last change puts the figure back.
    changes = client.get("/v1/changes?limit=1&sort=-at").json()["data"]
    reverted = client.post(f"/v1/changes/{changes[0]['id']}/revert")
    assert reverted.status_code in (200, 201), reverted.text
    assert in_step(engine) != seeded


def test_synth_rebuilds_the_totals(fresh_database_url):
    engine = seeded_engine(fresh_database_url)
    seeded = in_step(engine)
    synth(engine, investments=3_000, projects=100)
    totals = in_step(engine)
    added = sum(r[COLUMNS.index("records")] for r in totals) - sum(
        r[COLUMNS.index("records")] for r in seeded
    )
    assert added == 3_000
    engine.dispose()


@pytest.fixture(scope="module")
def from_the_figures(engine):
    """A client whose money figures declare no summary: every stats answer reads them."""
    plain = [dataclasses.replace(r, summary=None) for r in REGISTRY.resources]
    registry = Registry(*plain, unserved=REGISTRY.unserved)
    with OneHopClient(create_app(engine, UNLIMITED, registry=registry)) as client:
        yield client


FILTERS = {
    "": True,
    "&country=KZ": True,
    "&country=Kazakhstan": True,  # a spelling, looked up in a subquery over the countries
    "&kind=credit_line": True,
    "&to_country__in=KZ,UZ": True,
    "&from_country__ne=KR": True,
    "&year_from=2010&qualifier=exact": True,
    "&to_country__isnull=true": True,
    "&year_to=2010": False,  # year_to is not kept apart
    "&min_amount_usd=1000000": False,
    "&as_of=2015-01-01": False,
    "&as_of=all": False,
    "&q=gas": False,
}
"""Filters → whether the totals answer them."""


METRICS = ["count", *(f"sum:{name}" for name in INVESTMENTS.sums)]


@pytest.mark.parametrize(
    "dimensions",
    [*INVESTMENTS.groups, "year,kind", "qualifier,from_country,to_country,nature,months"],
)
def test_the_totals_answer_as_the_figures_do(engine, client, from_the_figures, dimensions):
    """Byte for byte, in JSON and CSV, for every metric and filter: a sum groups by `nature`
    too (stocks and flows apart). One test asks a grouping's 78 questions in a loop (as many
    test items cost more than the answers) and names every URL answered wrong."""
    asked = {}  # url -> its filters
    for metric in METRICS:
        apart = metric == "count" or "nature" in dimensions.split(",")
        group_by = dimensions if apart else f"{dimensions},nature"
        for filters in FILTERS:
            for fmt in ("json", "csv"):
                url = f"/v1/stats/investments?group_by={group_by}&metric={metric}{filters}"
                asked[f"{url}&format={fmt}"] = filters
    answers = answers_with_statements(client, engine, list(asked))
    figures = from_the_figures.get_each(asked)
    wrong = []
    for (url, filters), (answer, issued), figure in zip(
        asked.items(), answers, figures, strict=True
    ):
        read = {"investment_totals" in sql for sql in issued if "GROUP BY" in sql}
        if answer.status_code != 200:
            wrong.append(f"{url}: {answer.status_code} {answer.text}")
        elif answer.content != figure.content:
            wrong.append(f"{url}: {answer.content!r} != {figure.content!r} from the figures")
        elif read != {FILTERS[filters]}:
            wrong.append(f"{url}: reads investment_totals {read}, not {FILTERS[filters]}")
        elif not filters and url.endswith("csv") and answer.text.count("\n") <= 2:
            wrong.append(f"{url}: no groups under the header")
    assert not wrong, "\n".join(wrong)
