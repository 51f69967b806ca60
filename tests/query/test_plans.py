"""Query plans at scale: every documented filter, with the default order, is read from an index
in that order (no sort of the filtered rows, no scan of the whole table for an equality
filter), and a deep page is a keyset seek, not an OFFSET.

The database gets enough synthetic rows (and ANALYZE) for both planners to choose as they do at a
million rows; the statements are the ones the API issues, captured from requests.
"""

import json

import pytest
from sqlalchemy import func, select, text

from app.investments.totals import InvestmentTotal
from app.registry import REGISTRY
from app.synth.load import synth
from tests.clients import OneHopClient
from tests.conftest import app_for, seeded_engine
from tests.helpers import issued_statements

# Friendly filter → a value, per resource; every documented friendly filter is listed (a test
# below checks that none is missing).
FILTERS = {
    "visits": {
        "country": "UZ",
        "from_country": "UZ",
        "to_country": "KZ",
        "year_from": 2015,
        "year_to": 2000,
        "office": "prime_minister",
        "person": "moon-jae-in",
    },
    "investments": {
        "country": "KG",
        "kind": "credit_line",
        "nature": "commitment",
        "year_from": 2020,
        "year_to": 1995,
        "min_amount_usd": 10_000_000_000,
        "max_amount_usd": 100_000,
    },
    "projects": {
        "country": "TJ",
        "kind": "refinery",
        "sector": "energy",
        "year": 2000,
        "year_from": 2020,
        "year_to": 1995,
        "min_value_usd": 1_000_000_000,
        "max_value_usd": 1_000_000,
    },
}
SMALL = {
    "countries": "the world's countries",
    "people": "heads of state and government the article names",
    "summits": "one summit count per republic",
    "missions": "embassies and consulates between six countries",
    "diaspora": "one figure per republic, the region and the world",
    "sources": "the article and its footnotes, and the few other sources curators cite",
    "initiatives": "a few policies, each with a handful of tasks, corridors and goals",
    "agreements": "the agreements, talks and decrees between six countries",
    "organisations": "the agencies, companies and forums that act between Korea and the region",
    "forum_sessions": "one forum meeting about once a year",
    "indicators": "a few ranks, shares and head counts per republic and year",
    "relations": "two steps (recognition, relations) per pair of states",
    "terms": "terms in office of the few heads of state the article names",
    "person_facts": "the handful of facts the article gives per head of state",
}
"""Resources whose size stays small by nature, so no plan matters; each says why."""
EQUALITY = {"from_country", "to_country", "office", "person", "kind", "nature", "sector"}
"""Single-column equality filters: these must seek an index, never scan the table."""


@pytest.fixture(scope="module")
def scaled(database_factory):
    """A database with 60,000 money figures, 6,000 projects and 12,000 visits, analysed."""
    engine = seeded_engine(database_factory())
    synth(engine, investments=60_000, projects=6_000, visits=12_000, seed=7)
    with issued_statements(engine) as statements, OneHopClient(app_for(engine)) as client:
        yield engine, client, statements
    engine.dispose()


def page_statement(scaled, url: str) -> tuple[str, object]:
    """The statement that reads the page for `url` (ORDER BY and LIMIT, not the capped count,
    which reads the same way)."""
    engine, client, statements = scaled
    statements.clear()
    response = client.get(url)
    assert response.status_code == 200, response.text
    reads = [
        s
        for s in statements
        if "ORDER BY" in s and "LIMIT" in s and not s.startswith("SELECT count")
    ]
    assert len(reads) == 1, [s[:80] for s in statements]
    return str(reads[0]), reads[0].parameters


def sqlite_plan(engine, statement, parameters) -> list[str]:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        return [row[3] for row in rows]


def postgres_plan(engine, statement, parameters) -> dict:
    with engine.connect() as connection:
        raw = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters)
        document = raw.scalar_one()
    document = json.loads(document) if isinstance(document, str) else document
    return document[0]["Plan"]


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def own_scans(plan: dict, table: str):
    """The plan's reads of `table` itself, not of an alias of it (the reports' `newer`)."""
    for n in nodes(plan):
        if n.get("Relation Name") == table and n.get("Alias", table) == table:
            yield n


def check_plan(engine, table: str, statement, parameters, equality: bool) -> None:
    if engine.dialect.name == "sqlite":
        plan = sqlite_plan(engine, statement, parameters)
        shown = "\n".join(plan)
        assert not any("TEMP B-TREE" in step for step in plan), shown
        access = [step for step in plan if step.split(" ")[1:2] == [table]]
        assert len(access) == 1, shown
        if equality:
            assert access[0].startswith(f"SEARCH {table} USING INDEX"), shown
        else:
            # An index range in order, or the table itself in key order, stopping at LIMIT.
            assert access[0].startswith((f"SEARCH {table} USING", f"SCAN {table}")), shown
            assert "USING INDEX" in access[0] or access[0] in (
                f"SCAN {table}",
                f"SEARCH {table} USING INTEGER PRIMARY KEY (rowid>?)",
            ), shown
    else:
        plan = postgres_plan(engine, statement, parameters)
        shown = json.dumps(plan, indent=1)
        scans = list(own_scans(plan, table))
        assert len(scans) == 1 and scans[0]["Node Type"] != "Seq Scan", shown
        # A reported kind keeps the latest report of each chain: an anti-join that probes the
        # unique index on `supersedes_id` once per row read (SQLite shows the same probe as
        # `SEARCH newer USING COVERING INDEX`, which the count above leaves out there too).
        probes = [n for n in nodes(plan) if n.get("Relation Name") == table and n not in scans]
        assert all(
            n["Node Type"] in ("Index Scan", "Index Only Scan")
            and n["Index Name"] == f"ix_{table}_supersedes_id"
            for n in probes
        ), shown
        sorts = [n for n in nodes(plan) if "Sort" in n["Node Type"]]
        if equality:
            # The filter's own index, or (for a common value, when reading the primary key in
            # order meets `limit` matches sooner) the key's index; sorted either way.
            assert not sorts, shown
            assert scans[0]["Node Type"] in ("Index Scan", "Index Only Scan"), shown
        else:
            # In order from an index; or, when the planner expects few matches (an either-side
            # country), a top-N sort of the rows two indexes found, never of the table.
            for sort in sorts:
                below = list(own_scans(sort, table))
                assert all(n["Node Type"] == "Bitmap Heap Scan" for n in below), shown


@pytest.mark.parametrize(
    ("resource", "name"),
    [(resource, name) for resource, filters in FILTERS.items() for name in filters],
)
@pytest.mark.slow
def test_each_filter_reads_an_index_in_the_default_order(scaled, resource, name):
    engine = scaled[0]
    value = FILTERS[resource][name]
    statement, parameters = page_statement(scaled, f"/v1/{resource}?{name}={value}&limit=50")
    check_plan(engine, resource, statement, parameters, equality=name in EQUALITY)


@pytest.mark.parametrize("resource", list(FILTERS))
@pytest.mark.slow
def test_all_filters_combined_read_an_index_in_the_default_order(scaled, resource):
    engine = scaled[0]
    query = "&".join(
        f"{name}={value}"
        for name, value in FILTERS[resource].items()
        if name not in ("year_to", "max_amount_usd", "max_value_usd")  # keep a range open
    )
    statement, parameters = page_statement(scaled, f"/v1/{resource}?{query}&limit=50")
    check_plan(engine, resource, statement, parameters, equality=False)


@pytest.mark.parametrize(
    ("resource", "query"), [("investments", "kind=credit_line"), ("visits", "from_country=KR")]
)
@pytest.mark.slow
def test_a_deep_page_is_a_keyset_seek_that_costs_what_the_first_does(scaled, resource, query):
    engine, client, _ = scaled
    url = f"/v1/{resource}?{query}&limit=200"
    for _ in range(3):  # 600 rows in
        url = client.get(url).json()["links"]["next"]
        assert url is not None
    statement, parameters = page_statement(scaled, url)
    # The position is a WHERE condition on the sort keys; OFFSET (if rendered) is zero.
    assert " OFFSET " not in statement or _offset(engine, parameters) == 0
    check_plan(engine, resource, statement, parameters, equality=True)


def _offset(engine, parameters):
    if isinstance(parameters, dict):
        return parameters.get("param_2", parameters.get("param_3", 0))
    return parameters[-1]


def test_every_registered_resource_is_checked_or_small():
    """A new resource fails here until it is either given filters above (and rows in `synth`)
    or said to stay small."""
    registered = {resource.plural for resource in REGISTRY.resources}
    assert not set(FILTERS) & set(SMALL)
    assert set(FILTERS) | set(SMALL) == registered


def test_every_documented_filter_is_checked():
    for resource, checked in FILTERS.items():
        filters = REGISTRY.by_plural[resource].filters
        documented = {field.alias or name for name, field in filters.model_fields.items()}
        assert documented == set(checked), resource


@pytest.mark.slow
def test_large_lists_count_cheaply_and_say_so(scaled):
    engine, client, _ = scaled
    body = client.get("/v1/investments?limit=5").json()
    assert body["meta"]["total"] is None
    assert body["meta"]["total_at_least"] == 1_001
    with engine.connect() as connection:
        # The list shows the latest report of each chain: a superseded money figure is not counted.
        exact = connection.execute(
            text(
                "SELECT count(*) FROM investments WHERE id NOT IN"
                " (SELECT supersedes_id FROM investments WHERE supersedes_id IS NOT NULL)"
            )
        ).scalar_one()
    assert client.get("/v1/investments?limit=5&count=exact").json()["meta"]["total"] == exact
    small = client.get("/v1/investments?kind=debt_repayment&limit=5").json()["meta"]
    assert small["total"] == 1 and "total_at_least" not in small  # seed rows only


@pytest.mark.slow
@pytest.mark.parametrize("query", ["q=credit", "q=credit&country=KG", "q=kyrgyzstan%20grant"])
def test_a_search_finds_its_matches_once_for_its_page_and_count(scaled, query):
    """The page and the capped count of a search are one statement reading the matches from
    one materialized CTE: the full-text index is read once per request, not once for the page
    and again for the count. The count is the exact count's, up to the cap."""
    engine, client, statements = scaled
    exact = client.get(f"/v1/investments?{query}&limit=5&count=exact").json()["meta"]["total"]
    statements.clear()
    meta = client.get(f"/v1/investments?{query}&limit=5").json()["meta"]
    if exact > 1_000:
        assert meta["total"] is None and meta["total_at_least"] == 1_001
    else:
        assert 5 < meta["total"] == exact and "total_at_least" not in meta
    searches = [s for s in statements if "search_documents" in str(s)]
    assert len(searches) == 1, [str(s)[:80] for s in statements]
    statement, parameters = str(searches[0]), searches[0].parameters
    if engine.dialect.name == "sqlite":
        plan = sqlite_plan(engine, statement, parameters)
        shown = "\n".join(plan)
        assert not any("TEMP B-TREE" in step for step in plan), shown
        assert [step for step in plan if "search_fts" in step] == [
            "SCAN search_fts VIRTUAL TABLE INDEX 0:M1"
        ], shown
        assert "MATERIALIZE matched" in plan, shown
    else:
        plan = postgres_plan(engine, statement, parameters)
        shown = json.dumps(plan, indent=1)
        assert len(list(own_scans(plan, "search_documents"))) == 1, shown
        assert all(n["Node Type"] != "Seq Scan" for n in own_scans(plan, "investments")), shown


def aggregate_statement(scaled, url: str) -> tuple[str, object]:
    """The statement the stats answer for `url` runs (its only GROUP BY)."""
    engine, client, statements = scaled
    statements.clear()
    response = client.get(url)
    assert response.status_code == 200, response.text
    reads = [s for s in statements if "GROUP BY" in s]
    assert len(reads) == 1, [s[:80] for s in statements]
    return str(reads[0]), reads[0].parameters


@pytest.mark.slow
@pytest.mark.parametrize(
    "query",
    [
        "group_by=country,nature&metric=sum:amount_usd",
        "group_by=year,kind&country=KZ&to_country__in=KZ,UZ",
    ],
)
def test_an_aggregate_filtering_only_dimensions_reads_the_few_totals(scaled, query):
    engine = scaled[0]
    statement, parameters = aggregate_statement(scaled, "/v1/stats/investments?" + query)
    with engine.connect() as connection:
        figures = connection.execute(text("SELECT count(*) FROM investments")).scalar_one()
        totals = connection.execute(select(func.count()).select_from(InvestmentTotal)).scalar_one()
    assert 0 < totals * 10 < figures
    # A country's spelling is looked up in the countries' tables; no money figure is read.
    if engine.dialect.name == "sqlite":
        plan = sqlite_plan(engine, statement, parameters)
        read = {step.split(" ")[1] for step in plan if step.startswith(("SCAN", "SEARCH"))}
    else:
        plan = postgres_plan(engine, statement, parameters)
        read = {n["Relation Name"] for n in nodes(plan) if "Relation Name" in n}
    assert "investment_totals" in read and "investments" not in read, plan
