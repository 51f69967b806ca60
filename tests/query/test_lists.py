"""The one list executor (app/query/lists.py) answers every valid list request, the timeline's
too: each answer below is the one recorded (tests/query/list_answers.json: status, headers and
body, the same on SQLite and PostgreSQL), recorded when lists had two executors and both gave it.
A page reads with one statement (two when it counts, one more per include and per facet).

After a deliberate change of an answer, rewrite the file and read its diff:
    .venv/bin/python -m tests.query.test_lists
"""

import functools
import json
import sys
from pathlib import Path

import pytest
from fastapi.routing import iter_route_contexts
from sqlalchemy import event

from app.query import executor
from app.query.lists import ListReader
from app.registry import REGISTRY
from app.synth.load import synth
from tests.clients import OneHopClient
from tests.conftest import app_for, seeded_engine

ANSWERS = Path(__file__).with_name("list_answers.json")
VOLATILE = {"date", "x-request-id"}
URLS = [
    "/v1/investments?country=UZ&limit=2",
    "/v1/investments?fields=id,citation.source&limit=5",
    "/v1/investments?count=none&limit=1",
    "/v1/visits?from_country=KR&limit=3&sort=-year",
    "/v1/people?limit=4",
    "/v1/summits",
    "/v1/investments?id__gt=99999&cursor=eyJvIjoiNjE0ODc2MzZhZjRmIiwidiI6WzJdfQ",
    "/v1/visits?country=Uzbekistan&limit=3",
    "/v1/terms?person=akayev",
    "/v1/investments?q=Uzbekistan%20CREDIT&limit=2",
    "/v1/projects?q=plant&fields=id,name",
    "/v1/timeline?q=moon&limit=3",
    "/v1/timeline?limit=4&sort=-year",
    "/v1/missions?lang=ru&fields=id,host_country,host_country_name",
    "/v1/countries?lang=ru&limit=3",
    "/v1/investments?count=exact&limit=1",
    "/v1/investments?count=exact&country=UZ&limit=2",
    "/v1/investments?format=csv&limit=3",
    "/v1/visits?format=csv&lang=ko&limit=4",
    "/v1/timeline?format=ndjson&types=visits,missions&limit=7",
    "/v1/timeline?q=moon&format=csv",
    "/v1/investments?include=project&limit=2",
    "/v1/visits?lang=ko&include=to_country_record&limit=2",
    "/v1/investments?facet=kind,country&limit=2",
    "/v1/visits?facet=year,person&country=UZ&limit=1",
    "/v1/timeline?facet=type,year&limit=2",
    "/v1/investments?count=none&limit=2&facet=nature",
    "/v1/visits?as_of=2010-01-01&country=KZ&limit=3",
    "/v1/visits?year=2019&year__gte=2000&limit=2",
    "/v1/investments?slug__contains=%25_&limit=3",
    "/v1/people?name__contains=moon",
    "/v1/timeline?types=visits,missions&limit=5",
    "/v1/timeline?country=UZ&year_from=2010&limit=6",
    "/v1/timeline?sort=-year&limit=3&count=exact",
    "/v1/visits?limit=2&sort=-year,person_name",
    # Refusals, each naming what is wrong.
    "/v1/investments?country=ZZ",
    "/v1/visits?to_country=uzbekistn",
    "/v1/investments?q=credit&country=ZZ",
    "/v1/investments?q=%21%21",
    "/v1/investments?country=UZ&country=KZ",
    "/v1/investments?limit=0",
    "/v1/investments?sort=bogus",
    "/v1/investments?fields=nope",
    "/v1/investments?cursor=garbage",
    "/v1/visits?year_from=2010&year_to=2000",
    "/v1/timeline?include=x",
    "/v1/visits?lang=xx",
    "/v1/investments?format=csv&include=project",
    "/v1/visits?format=ndjson&country=ZZ",
    "/v1/visits?format=csv&country__in=UZ,ZZ",
    "/v1/missions?format=ndjson&host_country=UZ&as_of=2020-01-01",
    "/v1/investments?facet=kinds",
    "/v1/visits?person__in=moon-jae-in,zz&limit=3",
    "/v1/visits?to_country__in=UZ,ZZ",
    "/v1/investments?filter[bogus]=1",
    "/v1/timeline?types=bogus",
    "/v1/investments?min_amount_usd=5&max_amount_usd=1",
]
HEADS = ["/v1/investments?limit=2", "/v1/investments?format=csv", "/v1/investments?country=ZZ"]
WITH_HEADERS = [
    ("/v1/investments?limit=3", {"Accept": "text/csv"}),
    ("/v1/visits?from_country=KZ&limit=1", {"Accept-Language": "ko-KR, en;q=0.5"}),
    ("/v1/missions?host_country=UZ&limit=1", {"Accept-Language": "fr, *;q=0.1"}),
    ("/v1/visits?limit=2&format=csv", {"Accept-Language": "ru"}),
]
CASES = [
    *(("GET", url, {}) for url in URLS),
    *(("HEAD", url, {}) for url in HEADS),
    *(("GET", url, headers) for url, headers in WITH_HEADERS),
]


def synthetic_database(factory):
    """A database with 1,300 synthetic money figures, enough for `count=auto` to stop."""
    engine = seeded_engine(factory())
    synth(engine, investments=1_300, projects=40, visits=60, seed=5)
    return engine


@pytest.fixture(scope="module")
def apps(database_factory):
    """(client, client of an app whose list routes have no shortcut, served log, statements)."""
    engine = synthetic_database(database_factory)
    statements: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    app, endpoint_app = app_for(engine), app_for(engine)
    for route in list_routes(endpoint_app):
        route.shortcut = None
    served: list[str] = []
    for route in list_routes(app):
        route.shortcut = _logged(route.shortcut, served)
    with OneHopClient(app) as client, OneHopClient(endpoint_app) as endpoint:
        yield client, endpoint, served, statements
    engine.dispose()


def list_routes(app) -> list:
    """The list routes (the original routes, which their inclusions ask)."""
    routes = [context.original_route for context in iter_route_contexts(app.routes)]
    return [
        route
        for route in routes
        if isinstance(
            getattr(shortcut := getattr(route, "shortcut", None), "__wrapped__", shortcut),
            ListReader,
        )
    ]


def _logged(answer, served: list[str]):
    @functools.wraps(answer)
    async def logged(request):
        response = await answer(request)  # a problem raises: it never reaches the log
        if response is not None:
            served.append(request.url.path + "?" + request.url.query)
        return response

    return logged


def answer_of(client: OneHopClient, method: str, url: str, headers: dict) -> list:
    response = client.request(method, url, headers=headers)
    kept = {k: v for k, v in response.headers.items() if k not in VOLATILE}
    return [response.status_code, kept, response.content.decode()]


@functools.cache
def recorded() -> dict:
    return json.loads(ANSWERS.read_text())


def _key(method: str, url: str, headers: dict) -> str:
    return " ".join([method, url, *(f"{k}: {v}" for k, v in headers.items())])


@pytest.mark.parametrize(("method", "url", "headers"), CASES, ids=lambda v: str(v))
def test_answers_are_the_recorded_ones(apps, method, url, headers):
    client, _, served, _ = apps
    served.clear()
    answer = answer_of(client, method, url, headers)
    assert answer == recorded()[_key(method, url, headers)]
    # The shortcut answers every valid request (a refusal raises: the log never sees it).
    assert len(served) == (1 if answer[0] == 200 else 0), served


@pytest.mark.parametrize(
    "url",
    [
        "/v1/investments?country=UZ&limit=2",
        "/v1/visits?format=csv&lang=ko&limit=4",
        "/v1/investments?include=project&limit=2",
        "/v1/investments?facet=kind,country&limit=2",
        "/v1/visits?format=csv&country__in=UZ,ZZ",
    ],
)
def test_the_endpoint_body_answers_through_the_same_executor(apps, url):
    client, endpoint, _, _ = apps
    a, b = client.get(url), endpoint.get(url)
    assert (a.status_code, a.content) == (b.status_code, b.content)


@pytest.mark.parametrize("resource", REGISTRY.resources, ids=lambda r: r.plural)
def test_a_walk_returns_every_record_once(apps, resource):
    """Cursor pages, in the default order and a descending key, to the last page."""
    client, _, _, _ = apps
    plural, key = resource.plural, resource.key.key
    total = client.get(f"/v1/{plural}?count=exact&limit=1").json()["meta"]["total"]
    walks = []
    for url in (f"/v1/{plural}?limit=97&count=none", f"/v1/{plural}?limit=97&sort=-{key}"):
        keys = []
        while url:
            body = client.get(url).json()
            keys += [record[key] for record in body["data"]]
            url = body["links"]["next"]
        walks.append(keys)
    default, descending = walks
    assert len(default) == total and sorted(default) == sorted(set(default))
    assert descending == sorted(default, reverse=True)


def test_a_search_walk(apps):
    """212 of the synthetic money figures mention a credit line (the generator draws from the
    seeded people and visits, so the external rows changed the draw)."""
    client, _, served, _ = apps
    served.clear()
    url, seen = "/v1/investments?q=credit&limit=50&sort=-year_from", 0
    while url:
        body = client.get(url).json()
        assert body["meta"]["total"] == 212
        url, seen = body["links"]["next"], seen + body["meta"]["returned"]
    assert seen == 212 and len(served) == 5


def test_counting_stops_at_a_thousand(apps):
    client, _, _, _ = apps
    meta = client.get("/v1/investments?limit=5").json()["meta"]
    assert meta == {"total": None, "limit": 5, "returned": 5, "total_at_least": 1001}
    assert client.get("/v1/investments?limit=5&count=exact").json()["meta"]["total"] == 1330


def _selects(statements: list[str]) -> list[str]:
    """The list's SELECTs (the dataset version, read once a second for ETags, aside)."""
    return [s for s in statements if s.lstrip().startswith("SELECT") and "dataset_version" not in s]


@pytest.mark.parametrize(
    ("url", "selects"),
    [
        ("/v1/investments?country=UZ&limit=500", 1),  # all on one page: nothing to count
        ("/v1/investments?country=UZ&limit=2", 2),  # the page, the count
        ("/v1/investments?country=UZ&limit=50&include=project,source", 4),  # one per include
        ("/v1/investments?country=UZ&limit=2&facet=kind,nature&count=none", 3),  # per facet
        ("/v1/visits?to_country__in=UZ,KZ&limit=500&count=none", 3),  # each value checked
        # An empty page checks its references; a value naming nothing reads every spelling.
        ("/v1/investments?country=ZZ", 3),
    ],
)
def test_statements_per_page(apps, url, selects):
    client, _, _, statements = apps
    statements.clear()
    assert client.get(url).status_code in (200, 400)
    assert len(_selects(statements)) == selects, statements


def test_prepared_statements_and_read_queries_are_bounded(apps, monkeypatch):
    """One plan per shape of request and one reading per query string, the least recently
    used dropped beyond PLANS and QUERIES."""
    client, _, _, _ = apps
    monkeypatch.setattr(executor, "PLANS", 3)
    monkeypatch.setattr(executor, "QUERIES", 4)
    route = next(r for r in list_routes(client.app) if r.path == "/v1/summits")
    reader = route.shortcut.__wrapped__
    reader.plans.items.clear()  # of the tests before
    reader.queries.items.clear()
    for fields in ("id", "country_code", "count", "id,count", "country_code", "id,since_year"):
        assert client.get(f"/v1/summits?fields={fields}").status_code == 200
    plans = reader.plans.items
    # The second country_code was read before: it needed no plan, so did not refresh one.
    assert [shape[1] for shape in plans] == [("count",), ("id", "count"), ("id", "since_year")]
    queries = reader.queries.items
    assert list(queries) == [
        (b"fields=count", "", "json"),
        (b"fields=id,count", "", "json"),
        (b"fields=country_code", "", "json"),
        (b"fields=id,since_year", "", "json"),
    ]


def test_served_behind_a_root_path(apps):
    """Behind a proxy that mounts the API under a prefix, as the documented routes are."""
    client, _, served, _ = apps
    served.clear()
    with OneHopClient(client.app, root_path="/api") as prefixed:
        answer = prefixed.get("/api/v1/investments?fields=id,slug&limit=2")
    assert answer.status_code == 200
    plain = client.get("/v1/investments?fields=id,slug&limit=2").json()
    assert answer.json()["data"] == plain["data"]
    assert answer.json()["links"]["next"] == "/api" + plain["links"]["next"]
    assert served[0] == "/api/v1/investments?fields=id,slug&limit=2"


def record(url: str) -> None:
    """Rewrites ANSWERS from the database at `url` (emptied first: give a scratch one)."""
    engine = synthetic_database(lambda: url)
    with OneHopClient(app_for(engine)) as client:
        answers = {_key(*case): answer_of(client, *case) for case in CASES}
    ANSWERS.write_text(json.dumps(answers, ensure_ascii=False, indent=1) + "\n")
    engine.dispose()


if __name__ == "__main__":
    record(sys.argv[1] if len(sys.argv) > 1 else "sqlite:////tmp/kca-list-answers.db")
