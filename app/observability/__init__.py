"""Metrics (Prometheus text at /metrics), JSON request logs and request ids."""

from app.observability.logs import configure_logging
from app.observability.metrics import Metrics, metrics_route
from app.observability.middleware import ObservabilityMiddleware

__all__ = ["Metrics", "ObservabilityMiddleware", "configure_logging", "metrics_route"]
