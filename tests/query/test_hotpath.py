"""The hot list (app/query/hotpath.py) answers exactly as the general path does, serves the
requests it claims, hands the rest on, and reads a page with one statement (two when it counts).
(Records have one executor; tests/query/test_records.py pins its answers.)

Each URL is asked of two apps on the same database: the real one, and one with the routes'
shortcuts removed, so every answer below is compared with the general path's own, byte for byte.
"""

import functools

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.query import hotpath
from app.registry import REGISTRY
from app.synth.load import synth
from tests.conftest import app_for, seeded_engine
from tests.spellings import COUNTRY_HINT, PERSON_HINT

SERVED = [
    "/v1/investments",
    "/v1/investments?country=UZ&limit=2",
    "/v1/investments?country=uz&kind=credit_line",
    "/v1/investments?limit=3&sort=-amount_usd,year_from",
    "/v1/investments?fields=id,citation.source&limit=5",
    "/v1/investments?count=none&limit=1",
    "/v1/investments?to_country__isnull=true&limit=3",
    "/v1/investments?year_from=2015&year_to=2020&min_amount_usd=1000000",
    "/v1/investments?id__gt=1200&limit=7",
    "/v1/visits?year_from=2010&limit=2",
    "/v1/visits?from_country=KR&limit=3&sort=-year",
    "/v1/people?limit=4",
    "/v1/summits",
    "/v1/missions?limit=5",
    "/v1/diaspora",
    "/v1/projects?limit=4",
    "/v1/investments?country=ZZ",
    "/v1/visits?country=KZ&person=ZZ",
    "/v1/investments?country=TM&kind=credit_line&year_from=2099",
    "/v1/investments?id__gt=99999&cursor=eyJvIjoiNjE0ODc2MzZhZjRmIiwidiI6WzJdfQ",
    "/v1/visits?country=Uzbekistan&limit=3",
    "/v1/visits?from_country=KOR&person=Moon%20Jae-in",
    "/v1/terms?person=akayev",
    "/v1/visits?to_country=uzbekistn",
    "/v1/investments?q=credit",
    "/v1/investments?q=Uzbekistan%20CREDIT&limit=2",
    "/v1/investments?q=kyrgyz&country=KG&sort=-amount_usd&limit=3&count=none",
    "/v1/investments?q=zzzqqq",
    "/v1/investments?q=credit&country=ZZ",
    "/v1/visits?q=seoul&limit=4",
    "/v1/projects?q=plant&fields=id,name",
    "/v1/people?q=moon",
    "/v1/timeline?q=moon&limit=3",
    "/v1/timeline?limit=4&sort=-year",
    # Names beside country codes, in the display language: English by default, or `lang`.
    "/v1/visits?lang=ko&limit=3",
    "/v1/missions?lang=ru&fields=id,host_country,host_country_name",
    "/v1/agreements?lang=uz&limit=5",
    "/v1/countries",
    "/v1/countries?lang=ru&limit=3",
]
HANDED_ON = [
    "/v1/investments?count=exact&limit=1",
    "/v1/investments?format=csv&limit=3",
    "/v1/investments?q=%21%21",
    "/v1/investments?q=credit&q=grant",
    "/v1/investments?include=project&limit=2",
    "/v1/investments?facet=kind&limit=1",
    "/v1/investments?kind__in=credit_line,grant_aid",
    "/v1/investments?slug__contains=uzbek",
    "/v1/investments?country=UZ&country=KZ",
    "/v1/investments?limit=0",
    "/v1/investments?sort=bogus",
    "/v1/investments?fields=nope",
    "/v1/investments?cursor=garbage",
    "/v1/visits?year_from=2010&year_to=2000",
    "/v1/timeline?include=x",
    "/v1/visits?lang=xx",
    "/v1/visits?lang=ko&lang=ru",
]
VOLATILE = {"date", "x-request-id"}


@pytest.fixture(scope="module")
def apps(database_factory):
    """(hot client, general client, served log, statements log) on one database with 1,300
    synthetic money figures, enough for `count=auto` to stop counting."""
    engine = seeded_engine(database_factory())
    synth(engine, investments=1_300, projects=40, visits=60, seed=5)
    statements: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    hot_app, general_app = app_for(engine), app_for(engine)
    for route in hot_routes(general_app):
        route.shortcut = None
    served: list[str] = []
    for route in hot_routes(hot_app):
        route.shortcut = _logged(route.shortcut, served)
    with TestClient(hot_app) as hot, TestClient(general_app) as general:
        yield hot, general, served, statements
    engine.dispose()


def hot_routes(app) -> list:
    """The list routes with a shortcut (the original routes, which their inclusions ask)."""
    routes = [context.original_route for context in iter_route_contexts(app.routes)]
    shortcuts = [(route, getattr(route, "shortcut", None)) for route in routes]
    return [
        route
        for route, shortcut in shortcuts
        if isinstance(getattr(shortcut, "__wrapped__", shortcut), hotpath.HotList)
    ]


def _logged(answer, served: list[str]):
    @functools.wraps(answer)
    async def logged(request):
        response = await answer(request)  # a 404 raises: it never reaches the log
        if response is not None:
            served.append(request.url.path + "?" + request.url.query)
        return response

    return logged


def same_answer(hot: TestClient, general: TestClient, url: str):
    a, b = hot.get(url), general.get(url)
    assert (a.status_code, a.content) == (b.status_code, b.content), url
    headers = [{k: v for k, v in r.headers.items() if k not in VOLATILE} for r in (a, b)]
    assert headers[0] == headers[1], url
    return a


@pytest.mark.parametrize("url", SERVED)
def test_served_answers_match_the_general_path(apps, url):
    hot, general, served, _ = apps
    served.clear()
    answer = same_answer(hot, general, url)
    if answer.status_code == 200:
        assert len(served) == 1
    else:  # raised as a problem, which the log below never sees
        assert (answer.status_code, served) in ((404, []), (400, [])), answer.text
        assert answer.json()["detail"] in (
            f"'country': no country is called 'zz'. {COUNTRY_HINT}",
            f"'person': no person is called 'zz'. {PERSON_HINT}",
            "'to_country': no country is called 'uzbekistn'. Did you mean 'uzbekistan'? "
            + COUNTRY_HINT,
        )


@pytest.mark.parametrize("url", HANDED_ON)
def test_other_requests_are_handed_to_the_documented_route(apps, url):
    hot, general, served, _ = apps
    served.clear()
    same_answer(hot, general, url)
    assert served == []


@pytest.mark.parametrize("resource", REGISTRY.resources, ids=lambda r: r.plural)
def test_every_page_of_a_walk_matches(apps, resource):
    """Cursor pages, in the default order and a descending key, to the last page."""
    hot, general, _, _ = apps
    plural, key = resource.plural, resource.key.key
    for url in (f"/v1/{plural}?limit=97", f"/v1/{plural}?limit=97&sort=-{key}"):
        pages = 0
        while url:
            body = same_answer(hot, general, url).json()
            url, pages = body["links"]["next"], pages + 1
        assert pages >= 1


def test_a_search_walk_matches_page_by_page(apps):
    """`q` on the hot path: 212 of the synthetic money figures mention a credit line (the
    generator draws from the seeded people and visits, so the external rows changed the draw)."""
    hot, general, served, _ = apps
    served.clear()
    url, seen = "/v1/investments?q=credit&limit=50&sort=-year_from", 0
    while url:
        body = same_answer(hot, general, url).json()
        assert body["meta"]["total"] == 212
        url, seen = body["links"]["next"], seen + body["meta"]["returned"]
    assert seen == 212 and len(served) == 5


def test_counting_stops_at_a_thousand_on_both_paths(apps):
    hot, general, served, _ = apps
    served.clear()
    meta = same_answer(hot, general, "/v1/investments?limit=5").json()["meta"]
    assert meta == {"total": None, "limit": 5, "returned": 5, "total_at_least": 1001}
    assert len(served) == 1


def test_a_page_is_one_statement_and_a_count_one_more(apps):
    hot, _, served, statements = apps
    statements.clear()
    body = hot.get("/v1/investments?country=UZ&limit=500").json()  # all on one page
    assert body["meta"]["total"] == body["meta"]["returned"] and not body["links"]["next"]
    assert [s for s in statements if s.lstrip().startswith("SELECT")] == [statements[-1]]
    statements.clear()
    hot.get("/v1/investments?country=UZ&limit=2")
    selects = [s for s in statements if s.lstrip().startswith("SELECT")]
    assert len(selects) == 2 and selects[1].startswith("SELECT count(*)")


def test_prepared_statements_and_read_queries_are_bounded(apps, monkeypatch):
    """One plan per shape of request and one reading per query string, the least recently
    used dropped beyond PLANS and QUERIES."""
    hot, _, _, _ = apps
    monkeypatch.setattr(hotpath, "PLANS", 3)
    monkeypatch.setattr(hotpath, "QUERIES", 4)
    route = next(r for r in hot_routes(hot.app) if r.path == "/v1/summits")
    for fields in ("id", "country_code", "count", "id,count", "country_code", "id,since_year"):
        assert hot.get(f"/v1/summits?fields={fields}").status_code == 200
    plans = route.shortcut.__wrapped__.plans.items
    # The second country_code was read before: it needed no plan, so did not refresh one.
    assert [shape[0] for shape in plans] == ["count", "id,count", "id,since_year"]
    queries = route.shortcut.__wrapped__.queries.items
    assert list(queries) == [
        (b"fields=count", "en"),
        (b"fields=id,count", "en"),
        (b"fields=country_code", "en"),
        (b"fields=id,since_year", "en"),
    ]


@pytest.mark.parametrize(
    ("url", "accept", "lang", "name"),
    [
        ("/v1/visits?from_country=KZ&limit=1", "ko-KR, en;q=0.5", "ko", "카자흐스탄"),
        ("/v1/missions?host_country=UZ&limit=1", "ru", "ru", "Узбекистан"),
        ("/v1/missions?host_country=UZ&limit=1", "fr, *;q=0.1", "en", "Uzbekistan"),
    ],
)
def test_accept_language_chooses_the_names_on_both_paths(apps, url, accept, lang, name):
    hot, general, served, _ = apps
    served.clear()
    a, b = (client.get(url, headers={"Accept-Language": accept}) for client in (hot, general))
    assert (a.status_code, a.content) == (b.status_code, b.content)
    assert a.headers["Content-Language"] == b.headers["Content-Language"] == lang
    assert a.headers["Vary"] == b.headers["Vary"] == "Accept, Accept-Language, Origin"
    body = a.json()
    record = body["data"][0] if "data" in body else body
    assert name in (
        record.get("from_country_name"),
        record.get("host_country_name"),
        record.get("name"),
    )
    assert len(served) == 1


def test_served_behind_a_root_path(apps):
    """Behind a proxy that mounts the API under a prefix, as the documented routes are."""
    hot, general, served, _ = apps
    served.clear()
    with TestClient(hot.app, root_path="/api") as prefixed:
        answer = prefixed.get("/api/v1/investments?fields=id,slug&limit=2")
    assert answer.status_code == 200
    general_answer = general.get("/v1/investments?fields=id,slug&limit=2").json()
    assert answer.json()["data"] == general_answer["data"]
    assert answer.json()["links"]["next"] == "/api" + general_answer["links"]["next"]
    assert served == ["/api/v1/investments?fields=id,slug&limit=2"]
