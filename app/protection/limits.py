"""Bounds on what a request may carry, checked before any work is done: bodies over 64 KiB
(413), query strings over 8 KiB (414), NUL characters anywhere in the URL (400; PostgreSQL
text cannot hold them), a parameter given twice (400: `?year_from=1&year_from=2` is ambiguous,
and taking one silently would hide the mistake). A chunked body, whose length nobody declared,
is counted as it arrives."""

import functools

from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import ProblemError, invalid_parameter, problem_response

MAX_BODY = 64 * 1024
MAX_QUERY = 8 * 1024

BODY_TOO_LARGE = ProblemError(
    413, "body-too-large", "Body too large", f"Request bodies are limited to {MAX_BODY} bytes."
)
URI_TOO_LONG = ProblemError(
    414, "uri-too-long", "URI too long", f"The query string is over {MAX_QUERY} bytes."
)
NUL_IN_URL = ProblemError(
    400, "invalid-parameter", "Invalid parameter", "NUL characters are not allowed in URLs."
)


class RequestLimitsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        if len(query) > MAX_QUERY:
            await problem_response(URI_TOO_LONG, scope["path"])(scope, receive, send)
            return
        if b"%00" in query or b"\x00" in query or "\x00" in scope["path"]:
            await problem_response(NUL_IN_URL, scope["path"])(scope, receive, send)
            return
        repeated = _repeated(query)
        if repeated is not None:
            problem = invalid_parameter(
                repeated, f"'{repeated}' is given more than once; give it once."
            )
            await problem_response(problem, scope["path"])(scope, receive, send)
            return
        declared, chunked = None, False
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                declared = value
            elif name == b"transfer-encoding":
                chunked = True
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
            await _too_large(scope, receive, send)
            return
        if not chunked:  # no body, or one the server holds to its declared (allowed) length
            await self.app(scope, receive, send)
            return

        received = 0
        started = answered = False

        async def bounded_receive() -> Message:
            # Past the limit the 413 goes out at once and the application is told the client
            # left, so it stops reading (raising here would reach FastAPI's body parsing, which
            # answers any failure as a 400); whatever it sends afterwards is dropped.
            nonlocal received, answered
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY:
                    if not started and not answered:
                        answered = True
                        await _too_large(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if answered:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, bounded_receive, guarded_send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    await problem_response(BODY_TOO_LARGE, scope["path"])(scope, receive, send)


@functools.lru_cache(maxsize=4096)  # a query string asked again and again is read once
def _repeated(query: bytes) -> str | None:
    """The first parameter named twice in `query`, read as the routes will read it."""
    if b"&" not in query:
        return None
    seen = set()
    for name, _ in QueryParams(query).multi_items():
        if name in seen:
            return name
        seen.add(name)
    return None
