"""Hostile input, request limits, security headers, rate limits and the route inventory."""

import os
import uuid

import pytest

from app.config import Settings
from app.registry import REGISTRY
from tests.clients import OneHopClient
from tests.conftest import app_for, curator_client

LEAKS = (
    "Traceback",
    "FROM visits",
    "sqlalchemy",
    "psycopg",
    "postgresql://",
    "sqlite:///",
    'File "',
)


def assert_clean_4xx(response):
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert response.headers["content-type"] == "application/problem+json"
    for leak in LEAKS:
        assert leak not in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"country": "uz' OR '1'='1"},
        {"person": "x'; DROP TABLE visits; --"},
        {"year": "2019 OR 1=1"},
        {"sort": "year; DROP TABLE visits"},
        {"fields": "id,(SELECT 1)"},
        {"city__in": "a" * 2001},
        {"q": "\x01\x02"},
        {"limit": "9" * 40},
        {"year__gte": str(2**70)},
        {"cursor": "eyJvIjogIjEnIE9SIDE9MSJ9"},
        {"city": "a\u0000b"},
        {"fields": ""},
        {"include": ""},
        {"sort": "-"},
    ],
)
def test_hostile_query_values_are_clean_4xx(client, params):
    assert_clean_4xx(client.get("/v1/visits", params=params))


@pytest.mark.parametrize("since", ["1700000000", "yesterday", "2026-13-01T00:00:00Z", ""])
def test_change_log_times_must_be_iso_date_times(client, since):
    response = client.get("/v1/changes", params={"since": since})
    assert_clean_4xx(response)
    assert response.json()["parameter"] == "since"


def test_injection_inside_a_valid_text_filter_is_just_text(client):
    response = client.get("/v1/visits", params={"city__contains": "' OR 1=1 --"})
    assert response.status_code == 200 and response.json()["data"] == []
    response = client.get("/v1/search", params={"q": "tashkent') OR 1=1 --"})
    assert response.status_code == 200
    assert response.json()["data"] == []  # every word must match: 'or', '1', ... do not


@pytest.mark.parametrize(
    "url",
    [
        "/v1/visits/1%20OR%201=1",
        "/v1/countries/%27%27",
        "/v1/people/" + "x" * 500,
        "/v1/visits?year=%ff%fe",
        "/v1/visits?city=%00",
        "/v1/visits?" + "&".join(f"p{i}=1" for i in range(2000)),
    ],
)
def test_hostile_urls_are_clean_4xx(client, url):
    assert_clean_4xx(client.get(url))


def test_query_strings_are_bounded(client):
    response = client.get("/v1/visits", params={"city": "a" * 9000})
    assert response.status_code == 414
    assert_clean_4xx(response)


@pytest.fixture(scope="module")
def writer(database_factory):
    with curator_client(database_factory(), "hostile") as (client, _):
        yield client


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{" + b" " * (70 * 1024) + b"}", 413),
        (b"[" * 30_000 + b"]" * 30_000, 400),
        (
            b'{"country_code": "CN", "count": NaN, "since_year": 1992, "source_id": 1, '
            b'"paragraph": 8}',
            422,
        ),
        (
            b'{"country_code": "CN", "count": Infinity, "since_year": 1992, "source_id": 1, '
            b'"paragraph": 8}',
            422,
        ),
        (
            b'{"country_code": "CN", "count": 1e400, "since_year": 1992, "source_id": 1, '
            b'"paragraph": 8}',
            422,
        ),
        (
            b'{"country_code": "CN", "count": 99999999999999999999999, "since_year": 1992, '
            b'"source_id": 1, "paragraph": 8}',
            422,
        ),
        (
            b'{"country_code": "CN", "count": 3, "since_year": 1992, "source_id": 1, '
            b'"paragraph": 8, "description": "a\\u0000b"}',
            422,
        ),
        (
            b'{"country_code": "CN", "count": "3", "since_year": 1992, "source_id": 1, '
            b'"paragraph": 8}',
            422,
        ),
        (b"\xff\xfe not json", 400),
        (b'{"country_code": "CN"' + b', "x": 1' * 5000 + b"}", 422),
    ],
)
def test_hostile_bodies_are_refused_and_nothing_is_written(writer, body, status):
    before = writer.get("/v1/meta").json()["version"]
    response = writer.post(
        "/v1/summits", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == status, response.text[:300]
    assert_clean_4xx(response)
    assert writer.get("/v1/meta").json()["version"] == before


def test_a_chunked_body_is_counted_as_it_arrives(writer):
    """No Content-Length to refuse up front: the 413 comes once the chunks pass 64 KiB."""
    before = writer.get("/v1/meta").json()["version"]
    pieces = [b'{"country_code": "CN", "description": "', b"x" * (40 * 1024), b"x" * (40 * 1024)]
    response = writer.post(
        "/v1/summits",
        content=iter(pieces + [b'"}']),
        headers={"content-type": "application/json"},
    )
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert response.status_code == 413, response.text[:300]
    assert response.json()["type"] == "urn:kca:problem:body-too-large"
    assert_clean_4xx(response)
    small = writer.post(
        "/v1/summits",
        content=iter([b'{"country_code": ', b'"CN"}']),
        headers={"content-type": "application/json"},
    )
    assert small.status_code == 422, small.text  # read whole, then judged: fields are missing
    assert writer.get("/v1/meta").json()["version"] == before


@pytest.mark.parametrize(
    "patch",
    [{"count": "4"}, {"count": 4.0}, {"count": True}, {"description": "a\u0000b"}, {"nope": 1}],
)
def test_patch_bodies_are_typed_strictly_too(writer, patch):
    tag = writer.get("/v1/summits/4").headers["etag"]
    response = writer.patch("/v1/summits/4", json=patch, headers={"If-Match": tag})
    assert response.status_code == 422, response.text
    assert_clean_4xx(response)


def test_security_headers_on_json_and_docs(client):
    api = client.get("/v1/summits")
    assert api.headers["x-content-type-options"] == "nosniff"
    assert api.headers["referrer-policy"] == "no-referrer"
    assert api.headers["content-security-policy"].startswith("default-src 'none'")
    assert "server" not in api.headers
    docs = client.get("/docs")
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    problem = client.get("/v1/nowhere")
    assert problem.headers["x-content-type-options"] == "nosniff"


def test_cors_allows_only_gets(client):
    preflight = client.options(
        "/v1/visits/1",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "DELETE"},
    )
    assert preflight.status_code == 400
    assert "DELETE" not in preflight.headers.get("access-control-allow-methods", "")


def test_the_route_inventory_is_pinned(client):
    """A new route (a debug endpoint, say) must be added here on purpose."""
    spec = client.app.openapi()
    inventory = sorted(
        f"{method.upper()} {path}" for path, methods in spec["paths"].items() for method in methods
    )
    expected = {
        "GET /healthz",
        "GET /readyz",
        "GET /v1",
        "GET /v1/meta",
        "GET /v1/search",
        "GET /v1/timeline",
        "GET /v1/export/datapackage.zip",
        "GET /v1/countries/{code}/profile",
        "GET /v1/changes",
        "GET /v1/changes/{id}",
        "POST /v1/changes/{id}/revert",
    }
    for resource in REGISTRY.resources:
        name, key = resource.plural, f"{{{resource.key_name}}}"
        expected |= {
            f"GET /v1/{name}",
            f"POST /v1/{name}",
            f"GET /v1/{name}/{key}",
            f"PATCH /v1/{name}/{key}",
            f"DELETE /v1/{name}/{key}",
        }
        if resource.groups:  # every resource but sources
            expected.add(f"GET /v1/stats/{name}")
    assert inventory == sorted(expected)
    undocumented = {
        "/",
        "/docs",
        "/docs/oauth2-redirect",
        "/redoc",
        "/openapi.json",
        "/openapi/curation.json",
        "/metrics",
    }
    for path in undocumented:
        assert client.get(path, follow_redirects=False).status_code == 200, path
    # Static files: only what app/site/static holds, nothing above it.
    assert client.get("/static/site/explorer.js").status_code == 200
    assert client.get("/static/%2e%2e/main.py").status_code == 404


@pytest.fixture(autouse=True)
def frozen_window(monkeypatch):
    """Rate-limit windows are whole minutes; freeze the clock so none ends mid-test."""
    from types import SimpleNamespace

    monkeypatch.setattr("app.protection.ratelimit.time", SimpleNamespace(time=lambda: 6_000_030.0))


def limited_client(engine, address: str = "testclient", **limits) -> OneHopClient:
    settings = Settings(
        rate_limit_reads=limits.get("reads", 0),
        rate_limit_writes=limits.get("writes", 0),
        rate_limit_auth_failures=limits.get("auth", 0),
        redis_url=limits.get("redis"),
    )
    return OneHopClient(app_for(engine, settings), client=(address, 50000))


def test_reads_over_the_limit_get_429_with_retry_after(engine):
    with limited_client(engine, reads=3) as client:
        answers = [client.get("/v1/summits") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["ratelimit-limit"] == "3"
    assert [a.headers["ratelimit-remaining"] for a in answers] == ["2", "1", "0", "0"]
    refused = answers[-1]
    assert_clean_4xx(refused)
    assert refused.headers["retry-after"] == "30"  # the frozen clock is mid-window
    assert refused.headers["ratelimit-policy"] == "3;w=60"


def test_failed_token_attempts_are_limited_harder(engine):
    with limited_client(engine, writes=100, auth=2) as client:
        bad = {"Authorization": "Bearer kca_1_" + "x" * 40}
        answers = [client.post("/v1/summits", json={}, headers=bad).status_code for _ in range(4)]
    assert answers == [401, 401, 429, 429]


@pytest.fixture
def redis_url():
    url = os.environ.get("KCA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    import redis

    try:
        connection = redis.Redis.from_url(url)
        connection.flushdb()
    except redis.RedisError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not reachable at {url}: {error}")
    return url


def test_redis_counts_are_shared_by_every_worker(engine, redis_url, frozen_window):
    # One client address for this run alone: another run of the suite may share the server.
    address = f"client-{uuid.uuid4().hex}"
    with (
        limited_client(engine, address, reads=4, redis=redis_url) as first,
        limited_client(engine, address, reads=4, redis=redis_url) as second,
    ):
        statuses = [client.get("/v1/summits").status_code for client in (first, second) * 3]
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_an_unreachable_redis_fails_open(engine):
    with limited_client(engine, reads=1, redis="redis://127.0.0.1:1/0") as client:
        assert [client.get("/v1/summits").status_code for _ in range(3)] == [200, 200, 200]


def test_a_failed_store_is_left_alone_for_a_few_seconds(engine, monkeypatch):
    """One request pays for finding Redis down; the next ones go unlimited without trying it
    until STORE_PAUSE has passed, then it is tried again."""
    from types import SimpleNamespace

    from app.protection import ratelimit

    clock = SimpleNamespace(time=lambda: 6_000_030.0)
    monkeypatch.setattr(ratelimit, "time", clock)
    with limited_client(engine, reads=1, redis="redis://127.0.0.1:1/0") as client:
        counter = client.app.state.limiter.counter
        tries = []
        monkeypatch.setattr(counter, "hit", lambda *key: tries.append(key) or 1 / 0)
        answers = [client.get("/v1/summits") for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 200]
        assert all("ratelimit-limit" not in a.headers for a in answers)
        assert len(tries) == 1
        clock.time = lambda: 6_000_030.0 + ratelimit.STORE_PAUSE
        assert client.get("/v1/summits").status_code == 200
        assert len(tries) == 2
