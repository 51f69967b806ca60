"""Prometheus metrics: requests and latencies by route template, method and status, and the
database connection pools of each engine.

Labels are bounded: a route is its template (`/v1/visits/{id}`), never the raw path, and an
unknown method counts as OTHER. With PROMETHEUS_MULTIPROC_DIR set (the container entry point
sets it), request counts and latencies are summed over every worker; pool gauges always
describe the worker that answers the scrape.
"""

import os

from fastapi import FastAPI, Request
from fastapi.responses import Response
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
LABELS = ("method", "route", "status")
disable_created_metrics()  # `_created` series double the output and say nothing useful here


class PoolCollector:
    """Pool gauges, read at scrape time (nothing on the request path)."""

    def __init__(self, engines: dict[str, Engine]) -> None:
        self.engines = engines

    def describe(self):
        return []

    def collect(self):
        size = GaugeMetricFamily(
            "kca_db_pool_size", "Connections the pool keeps open.", labels=["engine"]
        )
        checked_out = GaugeMetricFamily(
            "kca_db_pool_checked_out", "Connections in use by requests.", labels=["engine"]
        )
        overflow = GaugeMetricFamily(
            "kca_db_pool_overflow", "Connections open beyond the pool size.", labels=["engine"]
        )
        for name, engine in self.engines.items():
            pool = engine.pool
            if not isinstance(pool, QueuePool):
                continue  # an in-memory SQLite database has no pool to speak of
            size.add_metric([name], pool.size())
            checked_out.add_metric([name], pool.checkedout())
            overflow.add_metric([name], max(0, pool.overflow()))
        yield size
        yield checked_out
        yield overflow


class Metrics:
    def __init__(self, engines: dict[str, Engine]) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "kca_http_requests",
            "HTTP requests answered, by route template, method and status.",
            LABELS,
            registry=self.registry,
        )
        self.duration = Histogram(
            "kca_http_request_duration_seconds",
            "Time from receiving a request to the end of its answer.",
            LABELS,
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.pools = PoolCollector(engines)
        self.registry.register(self.pools)
        self._children: dict[tuple[str, str, str], tuple] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method, route, str(status))
        children = self._children.get(key)
        if children is None:
            children = (self.requests.labels(*key), self.duration.labels(*key))
            self._children[key] = children
        children[0].inc()
        children[1].observe(seconds)

    def render(self) -> bytes:
        directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        if not directory:
            return generate_latest(self.registry)
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=directory)
        registry.register(self.pools)
        return generate_latest(registry)


def metrics_route(app: FastAPI) -> None:
    # One endpoint for every app (see app.openapi.install_openapi).
    app.add_api_route("/metrics", metrics, include_in_schema=False)


def metrics(request: Request) -> Response:
    return Response(request.app.state.metrics.render(), media_type=CONTENT_TYPE_LATEST)
