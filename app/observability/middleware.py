"""One pure-ASGI middleware for the request path: a request id, metrics and a JSON log line."""

import logging
import os
import re
import time

from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.observability.logs import REQUEST_ID
from app.observability.metrics import Metrics

access = logging.getLogger("app.access")

SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:+/=-]{1,128}")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"
MAX_LOGGED_PATH = 2048


def request_id_of(headers) -> str:
    """The client's X-Request-ID when it is short and plain; a fresh random one otherwise."""
    for name, value in headers:
        if name == b"x-request-id":
            try:
                candidate = value.decode("ascii")
            except UnicodeDecodeError:
                break
            if SANE_REQUEST_ID.fullmatch(candidate):
                return candidate
            break
    return os.urandom(16).hex()


def route_of(scope: Scope, table: list | None = None) -> str:
    """The template of the route that answered, e.g. `/v1/visits/{id}`. Answers made before
    routing (a 304, a 429, a 413) are matched against `table` (see route_table)."""
    route = scope.get("route")
    if route is not None:
        return getattr(route, "path", UNMATCHED)
    partial = UNMATCHED
    for regex, template, methods in table or ():
        if regex.match(scope["path"]):
            if methods is None or scope["method"] in methods:
                return template
            if partial is UNMATCHED:
                partial = template
    return partial


def route_table(routes, prefix: str = "") -> list[tuple[re.Pattern, str, frozenset | None]]:
    """(regex, template, methods) for every route, through included routers."""
    table = []
    for route in routes:
        inner = getattr(route, "original_router", None)  # FastAPI's included router
        if inner is not None:
            context = getattr(route, "include_context", None)
            table += route_table(inner.routes, prefix + (getattr(context, "prefix", "") or ""))
        elif isinstance(getattr(route, "path", None), str):
            regex, _, _ = compile_path(prefix + route.path)
            methods = getattr(route, "methods", None)
            table.append((regex, prefix + route.path, frozenset(methods) if methods else None))
    return table


class ObservabilityMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self._table: list | None = None  # built on the first answer made before routing

    def _route(self, scope: Scope) -> str:
        if "route" not in scope and self._table is None:
            self._table = route_table(scope["app"].router.routes)
        return route_of(scope, self._table)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = request_id_of(scope["headers"])
        header = (b"x-request-id", request_id.encode())
        token = REQUEST_ID.set(request_id)
        status = 500  # what the client gets when the application raises before answering

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            method = scope["method"] if scope["method"] in METHODS else "OTHER"
            route = self._route(scope)
            self.metrics.observe(method, route, status, seconds)
            if access.isEnabledFor(logging.INFO):
                fields = {
                    "request_id": request_id,
                    "method": method,
                    "route": route,
                    "path": scope["path"][:MAX_LOGGED_PATH],
                    "status": status,
                    "duration_ms": round(seconds * 1000, 3),
                }
                # makeRecord + handle is what access.info() does, less the stack walk that
                # finds the caller's line (a sizeable part of the cost on this hot path).
                access.handle(
                    access.makeRecord(
                        access.name, logging.INFO, __file__, 0, "request", (), None, extra=fields
                    )
                )
            REQUEST_ID.reset(token)
