"""/metrics (Prometheus text), JSON request logs and request ids."""

import json
import logging
import re

import pytest

from app.db import make_engine
from app.main import create_app
from app.observability.logs import JsonFormatter
from tests.clients import OneHopClient
from tests.conftest import UNLIMITED, app_for

GENERATED_ID = re.compile(r"[0-9a-f]{32}")


def metric_lines(client, prefix: str) -> dict[str, float]:
    """`name{labels}` → value for every sample line starting with `prefix`."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    samples = {}
    for line in response.text.splitlines():
        if line.startswith(prefix):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples


def requests_total(method, route, status) -> str:
    return f'kca_http_requests_total{{method="{method}",route="{route}",status="{status}"}}'


@pytest.fixture
def fresh_client(engine):
    """An application of its own, so its counters start at zero (tests that read no counters
    use the shared client: a new application and its start cost about 0.25 CPU-s)."""
    with OneHopClient(app_for(engine), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def log_lines():
    """Every JSON line the application logs while the test runs."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("app")
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(logging.INFO)


def test_requests_are_counted_by_route_template_method_and_status(fresh_client):
    client = fresh_client
    for _ in range(3):
        assert client.get("/v1/summits").status_code == 200
    tag = client.get("/v1/summits", params={"country": "uz"}).headers["etag"]
    not_modified = client.get(
        "/v1/summits", params={"country": "uz"}, headers={"If-None-Match": tag}
    )
    assert not_modified.status_code == 304
    for key in (1, 2):
        assert client.get(f"/v1/visits/{key}").status_code == 200
    assert client.get("/v1/visits/999").status_code == 404
    assert client.get("/v1/nowhere/at/all").status_code == 404
    assert client.delete("/v1/visits/1").status_code == 401  # no token
    assert client.request("BREW", "/v1/summits").status_code == 405

    counts = metric_lines(client, "kca_http_requests_total")
    assert counts == {
        requests_total("GET", "/v1/summits", 200): 4.0,
        requests_total("GET", "/v1/summits", 304): 1.0,
        requests_total("GET", "/v1/visits/{id}", 200): 2.0,
        requests_total("GET", "/v1/visits/{id}", 404): 1.0,
        requests_total("GET", "unmatched", 404): 1.0,
        requests_total("DELETE", "/v1/visits/{id}", 401): 1.0,
        requests_total("OTHER", "/v1/summits", 405): 1.0,
    }
    histogram = metric_lines(client, "kca_http_request_duration_seconds")
    labels = 'method="GET",route="/v1/summits",status="200"'
    assert histogram[f"kca_http_request_duration_seconds_count{{{labels}}}"] == 4.0
    assert histogram[f'kca_http_request_duration_seconds_bucket{{le="+Inf",{labels}}}'] == 4.0
    assert 0 < histogram[f"kca_http_request_duration_seconds_sum{{{labels}}}"] < 40
    # bounded cardinality: a raw path never becomes a label
    assert "/v1/visits/999" not in client.get("/metrics").text
    # the scrapes so far were counted too (this one is not yet)
    assert (
        metric_lines(client, "kca_http_requests_total")[requests_total("GET", "/metrics", 200)]
        == 3.0
    )


def test_an_unexpected_error_is_counted_and_logged_as_500(engine, log_lines):
    app = app_for(engine)

    @app.get("/boom", include_in_schema=False)
    def boom():
        raise RuntimeError("boom")

    with OneHopClient(app, raise_server_exceptions=False) as client:
        assert client.get("/boom").status_code == 500
        assert (
            metric_lines(client, "kca_http_requests_total")[requests_total("GET", "/boom", 500)]
            == 1.0
        )
    access = [json.loads(line) for line in log_lines if '"logger":"app.access"' in line]
    assert [(entry["route"], entry["status"]) for entry in access[:1]] == [("/boom", 500)]


def test_metrics_are_not_in_the_openapi_document_nor_rate_limited(engine, client):
    # The shared client's document: building one for an application of its own costs seconds.
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]
    settings = UNLIMITED.model_copy(update={"rate_limit_reads": 1})
    with OneHopClient(app_for(engine, settings)) as limited:
        assert [limited.get("/metrics").status_code for _ in range(3)] == [200, 200, 200]
        assert [limited.get("/v1/summits").status_code for _ in range(2)] == [200, 429]


def test_pool_gauges_for_each_engine(fresh_database_url):
    primary, replica = make_engine(fresh_database_url), make_engine(fresh_database_url)
    size = primary.pool.size()
    if fresh_database_url.startswith("postgresql"):
        assert size == UNLIMITED.db_pool_size
    held = [primary.connect() for _ in range(size + 1)]  # one beyond the pool: overflow
    held.append(replica.connect())
    try:
        with OneHopClient(create_app(primary, UNLIMITED, read_engine=replica)) as client:
            gauges = metric_lines(client, "kca_db_pool")
    finally:
        for connection in held:
            connection.close()
        primary.dispose()
        replica.dispose()
    assert gauges == {
        'kca_db_pool_size{engine="primary"}': float(size),
        'kca_db_pool_checked_out{engine="primary"}': float(size + 1),
        'kca_db_pool_overflow{engine="primary"}': 1.0,
        'kca_db_pool_size{engine="read"}': float(size),
        'kca_db_pool_checked_out{engine="read"}': 1.0,
        'kca_db_pool_overflow{engine="read"}': 0.0,
    }


def test_one_json_line_per_request_with_the_clients_request_id(client, log_lines):
    response = client.get("/v1/visits/3", headers={"X-Request-ID": "trace-42.a:b"})
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "trace-42.a:b"
    (line,) = log_lines
    entry = json.loads(line)
    assert entry.pop("time").endswith("+00:00")
    assert 0 < entry.pop("duration_ms") < 30_000
    assert entry == {
        "level": "INFO",
        "logger": "app.access",
        "message": "request",
        "request_id": "trace-42.a:b",
        "method": "GET",
        "route": "/v1/visits/{id}",
        "path": "/v1/visits/3",
        "status": 200,
    }


@pytest.mark.parametrize(
    "given",
    [
        "x" * 129,  # too long
        "has space",
        "semi;colon",
        "",
        "caf\u00e9",  # not ASCII
    ],
)
def test_an_unusable_request_id_is_replaced_by_a_fresh_one(client, log_lines, given):
    response = client.get("/healthz", headers={"X-Request-ID": given.encode()})
    assert response.status_code == 200
    fresh = response.headers["x-request-id"]
    assert GENERATED_ID.fullmatch(fresh)
    assert json.loads(log_lines[-1])["request_id"] == fresh


def test_every_answer_gets_a_distinct_request_id(client):
    ids = {client.get("/healthz").headers["x-request-id"] for _ in range(5)}
    assert len(ids) == 5 and all(GENERATED_ID.fullmatch(i) for i in ids)
    problem = client.get("/v1/visits", params={"year": "x"})
    assert problem.status_code == 400 and GENERATED_ID.fullmatch(problem.headers["x-request-id"])


def test_tokens_never_reach_the_logs(client, log_lines):
    token = "kca_7_" + "s3cret" * 6
    assert client.post(f"/v1/summits?access_token={token}", json={}).status_code == 400
    assert client.get(f"/v1/{token}").status_code == 404
    client.post("/v1/summits", json={}, headers={"Authorization": f"Bearer {token}"})
    assert len(log_lines) == 3
    assert not any(token in line or "s3cret" in line for line in log_lines)
    assert json.loads(log_lines[1])["path"] == "/v1/[redacted]"


def test_other_log_lines_during_a_request_carry_its_id(engine, log_lines):
    """A warning from deep inside (here: an unreachable Redis) names the request it was for."""
    settings = UNLIMITED.model_copy(
        update={"rate_limit_reads": 5, "redis_url": "redis://127.0.0.1:1/0"}
    )
    with OneHopClient(app_for(engine, settings)) as client:
        assert client.get("/v1/summits", headers={"X-Request-ID": "r-1"}).status_code == 200
    entries = [json.loads(line) for line in log_lines]
    assert [(e["logger"], e["level"], e["request_id"]) for e in entries] == [
        ("app.protection.ratelimit", "WARNING", "r-1"),
        ("app.access", "INFO", "r-1"),
    ]
    assert entries[0]["message"] == "rate-limit store unavailable; not limiting for 5 s"
    assert "exception" in entries[0]


def test_log_level_warning_silences_the_request_lines(engine, log_lines):
    settings = UNLIMITED.model_copy(update={"log_level": "WARNING"})
    with OneHopClient(app_for(engine, settings)) as client:
        assert client.get("/v1/summits").status_code == 200
    assert log_lines == []
    assert logging.getLogger("app").getEffectiveLevel() == logging.WARNING
