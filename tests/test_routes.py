"""One route per method and path, the documented one, and HEAD on every GET route: the GET's
status and headers, no body, and no query run for a stream."""

import re
from collections import Counter

import pytest
from fastapi.routing import iter_route_contexts
from starlette.routing import Match

from app.registry import REGISTRY
from app.routing import Route, RouteIndex
from tests.helpers import issued_statements

VOLATILE = {"date", "x-request-id", "ratelimit-remaining"}


def route_table(app) -> list[tuple[str, str]]:
    """(method, path) for every route the app's router walks, inclusions flattened."""
    return [
        (method, context.path)
        for context in iter_route_contexts(app.routes)
        for method in sorted(getattr(context, "methods", None) or ())
    ]


def test_one_route_per_method_and_path(client):
    table = route_table(client.app)
    assert [pair for pair, n in Counter(table).items() if n > 1] == []
    assert ("GET", "/v1/investments") in table and ("GET", "/v1/investments/{id}") in table
    # Every route a request can reach is one the router lists as its own: none ahead of them.
    assert all(context.original_route for context in iter_route_contexts(client.app.routes))


def test_routes_lie_flat_and_turn_away_other_paths_by_their_literal_part(client):
    """No nested inclusions (FastAPI tries those one by one, at tens of microseconds each):
    every route is a `Route` on the app's own list, except the static files' mount."""
    routes = client.app.router.routes
    others = [(type(r).__name__, r.path) for r in routes if not isinstance(r, Route)]
    assert others == [("Mount", "/static")]
    visits = next(r for r in routes if getattr(r, "path", None) == "/v1/visits/{id}")
    assert (visits.literal, visits.exact) == ("/v1/visits/", False)
    scope = {"type": "http", "method": "GET", "path": "/v1/visitors/1", "root_path": ""}
    assert visits.matches(scope)[0] is Match.NONE
    assert visits.matches({**scope, "path": "/v1/visits/1"})[0] is Match.FULL
    # Under a root path the literal check steps aside and FastAPI's own match decides.
    rooted = {**scope, "path": "/api/v1/visits/1", "root_path": "/api"}
    assert visits.matches(rooted)[0] is Match.FULL


def get_urls(client) -> list[str]:
    """Every GET path of the app, path parameters filled with a record that exists
    (with 1 where no resource names one: its 404 is compared as well)."""
    keys = {}
    for resource in REGISTRY.resources:
        first = client.get(f"/v1/{resource.plural}?limit=1").json()["data"][0]
        keys[f"/v1/{resource.plural}/{{{resource.key_name}}}"] = first[resource.key.key]
    urls = []
    for method, path in route_table(client.app):
        if method == "GET":
            urls.append(
                path.replace(path[path.find("{") :], str(keys.get(path, 1)))
                if "{" in path
                else path
            )
    return urls


def test_every_get_route_answers_head(client):
    urls = get_urls(client)
    assert len(urls) > 40
    for url in [*urls, "/v1/investments?format=csv", "/v1/investments?limit=0"]:
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code, url
        assert head.content == b"", url
        if url == "/metrics":  # it counts every request, these included: its length moves
            head.headers.pop("content-length"), got.headers.pop("content-length")
        assert steady(head.headers) == steady(got.headers), url


def steady(headers) -> dict[str, str]:
    """The headers that two asks of the same URL share (a page's CSP nonce is new each time)."""
    return {
        name: re.sub(r"'nonce-[^']+'", "'nonce'", value)
        for name, value in headers.items()
        if name not in VOLATILE
    }


@pytest.mark.parametrize("url", ["/v1/investments?format=ndjson", "/v1/export/datapackage.zip"])
def test_head_of_a_stream_runs_no_query(client, url):
    with issued_statements(client.app.state.read_engine) as statements:
        head = client.head(url)
    assert (head.status_code, head.content) == (200, b"")
    # The caching layer may read the dataset version for the ETag; nothing else runs.
    assert [s for s in statements if s != "BEGIN" and "FROM dataset_version" not in s] == []


def test_the_route_index_picks_the_route_the_router_loop_would(client):
    """`RouteIndex` asks fewer routes; for every route's path (and near misses) the route it
    picks is the first one FastAPI's own loop matches in full."""
    router = client.app.router
    index = router.middleware_stack
    assert isinstance(index, RouteIndex)
    paths = {"/", "/v1", "/v1/", "/nope", "/v1/nope/1", "/static/site/site.js", "/v1/stats/x"}
    for route in router.routes:
        path = re.sub(r"\{[^}]+\}", "1", route.path)
        paths |= {path, path + "/", path + "/1", path[:-1]}
    picked = set()
    for path in sorted(paths):
        for method in ("GET", "POST", "PATCH", "DELETE", "OPTIONS"):
            scope = {"type": "http", "method": method, "path": path, "root_path": ""}
            loop = next((r for r in router.routes if r.matches(scope)[0] is Match.FULL), None)
            found = index.full_match(scope)
            assert (found and found[0]) is loop, (method, path)
            picked.add(id(loop))
    assert picked >= {id(route) for route in router.routes}  # each was the pick somewhere
