"""One executor answers every stats request (app/query/stats_reader.py): each valid
`GET /v1/stats/<plural>` is answered by the route's `StatsReader`, with one prepared aggregate,
and the records filter values name are looked up only when no group proves they exist. Only a
query string that fails validation is left to FastAPI's dependency solving, whose 400 names it."""

import functools

import pytest
from fastapi.routing import iter_route_contexts

from app.query.stats_reader import StatsReader
from app.registry import REGISTRY
from tests.clients import OneHopClient
from tests.conftest import app_for
from tests.helpers import issued_statements

VISITS = "/v1/stats/visits?group_by=country"
PER_REPUBLIC = [
    {"country": "KG", "count": 4},
    {"country": "KZ", "count": 8},
    {"country": "TJ", "count": 3},
    {"country": "TM", "count": 3},
    {"country": "UZ", "count": 4},
]


@pytest.fixture(scope="module")
def reads(engine):
    """(client, served log) on the shared seeded database."""
    app = app_for(engine)
    served: list[str] = []
    for route in stats_routes(app):
        route.shortcut = _logged(route.shortcut, served)
    with OneHopClient(app) as client:
        yield client, served


def stats_routes(app) -> list:
    routes = [context.original_route for context in iter_route_contexts(app.routes)]
    return [
        route
        for route in routes
        if isinstance(getattr(getattr(route, "shortcut", None), "__wrapped__", None), StatsReader)
        or isinstance(getattr(route, "shortcut", None), StatsReader)
    ]


def _logged(answer, served: list[str]):
    @functools.wraps(answer)
    async def logged(request):
        response = await answer(request)
        if response is not None:
            served.append(f"{request.method} {request.url.path}?{request.url.query}")
        return response

    return logged


def _reads(issued: list[str]) -> list[str]:
    """The statements of an answer, without the snapshot's BEGIN and the dataset version the
    caching layer reads."""
    return [sql for sql in issued if sql != "BEGIN" and "dataset_version" not in sql]


def test_every_resource_with_groups_has_its_stats_answered_by_the_executor(reads):
    client, served = reads
    paths = {route.path for route in stats_routes(client.app)}
    assert paths == {f"/v1/stats/{r.plural}" for r in REGISTRY.resources if r.groups}
    served.clear()
    urls = [
        VISITS,
        VISITS + "&format=csv",
        "/v1/stats/investments?group_by=kind,nature&metric=sum:amount_usd&to_country__in=UZ,KZ",
        "/v1/stats/investments?group_by=country&nature=stock&as_of=all&q=investment",
        "/v1/stats/visits?group_by=office&city__contains=ASH",
    ]
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
    assert client.head(VISITS).status_code == 200
    assert served == [f"GET {url}" for url in urls] + [f"GET {VISITS}"]


def test_a_group_proves_the_record_a_filter_names_so_one_statement_answers(reads, engine):
    client, _ = reads
    client.get(VISITS + "&to_country=KR")  # compiles the plan
    with issued_statements(engine) as issued:
        answer = client.get(VISITS + "&to_country=KR")
    assert answer.json()["data"] == [
        {"country": "KG", "count": 3},
        {"country": "KZ", "count": 3},
        {"country": "TJ", "count": 2},
        {"country": "TM", "count": 1},
        {"country": "UZ", "count": 2},
    ]
    assert len(_reads(issued)) == 1


@pytest.mark.parametrize(
    ("query", "lookups", "parameter"),
    [
        ("&to_country__in=KR,ZZ", 2, "to_country__in"),  # several values: a group proves one
        ("&to_country__ne=ZZ", 1, "to_country__ne"),  # a comparison proves nothing
        ("&to_country__eq=ZZ", 1, "to_country__eq"),  # no group
    ],
)
def test_a_filter_value_naming_no_record_is_a_400_after_the_aggregate(
    reads, engine, query, lookups, parameter
):
    client, _ = reads
    with issued_statements(engine) as issued:
        answer = client.get(VISITS + query)
    assert answer.status_code == 400
    assert answer.json()["parameter"] == parameter
    assert answer.json()["detail"].startswith(f"'{parameter}': no countries record has code 'ZZ'.")
    assert len(_reads(issued)) == 1 + lookups


def test_a_missing_record_is_named_before_a_range_upside_down(reads):
    client, _ = reads
    answer = client.get(VISITS + "&to_country=ZZ&year_from=2020&year_to=2010")
    assert (answer.status_code, answer.json()["parameter"]) == (400, "to_country")
    answer = client.get(VISITS + "&to_country=KR&year_from=2020&year_to=2010")
    assert (answer.status_code, answer.json()["parameter"]) == (400, "year_from")


def test_one_plan_per_shape(reads):
    client, _ = reads
    (route,) = [r for r in stats_routes(client.app) if r.path == "/v1/stats/projects"]
    plans = route.shortcut.__wrapped__.plans.items
    for country in ("UZ", "KZ", "kg", "Tajikistan"):
        answer = client.get(f"/v1/stats/projects?group_by=sector&country={country}")
        assert answer.status_code == 200
    assert [key for key in plans if key[0] != "references"] == [
        (("sector",), None, (("country",),))
    ]


def test_an_invalid_query_string_is_left_to_the_documented_validation(reads):
    client, served = reads
    served.clear()
    answer = client.get(VISITS + "&year_from=abc")
    assert answer.status_code == 400
    assert answer.json()["parameter"] == "year_from"
    assert served == []


def test_without_the_shortcut_the_endpoint_hands_its_parameters_to_the_same_executor(engine):
    app = app_for(engine)
    for route in stats_routes(app):
        route.shortcut = None
    with OneHopClient(app) as client:
        answer = client.get(VISITS)
        refused = client.get(VISITS + "&to_country=ZZ&year_from=2020&year_to=2010")
    assert (answer.status_code, answer.json()["data"]) == (200, PER_REPUBLIC)
    assert (refused.status_code, refused.json()["parameter"]) == (400, "to_country")
