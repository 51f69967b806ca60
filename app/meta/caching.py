"""HTTP caching for every GET under /v1: a strong ETag from the dataset version and the
canonical request, 304 for a matching If-None-Match, and a short public max-age."""

import functools
import hashlib
import threading
import time
import weakref
from urllib.parse import parse_qsl

from anyio import to_thread
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.http import answer_format, under_api
from app.meta.version import current

CACHE_CONTROL = "public, max-age=60"
TAGS = 4096
"""Tags kept, by version and request: a page followed by many clients is tagged once."""
TAGGED = {b"etag", b"cache-control", b"vary"}
"""Headers the middleware sets on a 2xx answer, replacing any the answer had."""


VERSION_TTL = 1.0
"""Seconds a worker trusts the version it read last. Changes committed through the worker's own
engine (API writes, `seed(engine)`) drop it at once; other processes' changes show within this
time, well inside the max-age every answer already allows."""


class VersionCache:
    """The dataset version for one engine, read at most once per VERSION_TTL instead of one
    connection per GET. It keeps no reference to the engine: as the value of a weak key, it would
    keep the engine (and its compiled statements) alive as long as the process."""

    def __init__(self, engine) -> None:
        self.value: int | None = None
        self.read_at = 0.0
        self.lock = threading.Lock()
        event.listen(engine, "commit", self.forget)

    def forget(self, _connection=None) -> None:
        self.value = None

    def get(self) -> int | None:
        """The cached version, or None when it must be read (call `read` in a thread)."""
        if self.value is not None and time.monotonic() - self.read_at < VERSION_TTL:
            return self.value
        return None

    def read(self, engine) -> int | None:
        with self.lock:
            if (value := self.get()) is not None:
                return value  # another request read it meanwhile
            started = time.monotonic()
            try:
                with engine.connect() as connection:
                    value = current(connection)[0]
            except SQLAlchemyError:
                return None  # the handler reports the outage; this answer just goes uncached
            self.value, self.read_at = value, started
            return value


_caches: "weakref.WeakKeyDictionary[object, VersionCache]" = weakref.WeakKeyDictionary()


def version_cache(engine) -> VersionCache:
    cache = _caches.get(engine)
    if cache is None:
        cache = _caches[engine] = VersionCache(engine)
    return cache


def entity_tag(version: int, scope: Scope, headers: Headers) -> str:
    # The display language may come from Accept-Language (app/http.py, chosen_language).
    return _tag(
        version,
        scope["path"],
        scope.get("query_string", b""),
        headers.get("accept", ""),
        headers.get("accept-language", ""),
    )


@functools.lru_cache(maxsize=TAGS)
def _tag(version: int, path: str, query_string: bytes, accept: str, language: str) -> str:
    query = sorted(parse_qsl(query_string.decode("latin-1"), True))
    canonical = f"{version}\n{path}\n{query}\n{answer_format(accept)}\n{language}"
    return '"' + hashlib.sha256(canonical.encode()).hexdigest()[:32] + '"'


def _candidates(if_none_match: str | None) -> set[str]:
    if if_none_match is None:
        return set()
    return {item.strip().removeprefix("W/") for item in if_none_match.split(",")}


def _not_modified(tag: str) -> dict:
    return {
        "type": "http.response.start",
        "status": 304,
        "headers": [
            (b"etag", tag.encode()),
            (b"cache-control", CACHE_CONTROL.encode()),
            (b"vary", b"Accept"),
        ],
    }


class CachingMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not under_api(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        engine = scope["app"].state.read_engine
        cache = version_cache(engine)
        version = cache.get()
        if version is None:
            version = await to_thread.run_sync(cache.read, engine)
        if version is None:
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        offered = _candidates(request_headers.get("if-none-match"))
        # The tag is made only when it is needed: to answer If-None-Match, or for an answer
        # without a tag of its own (a record brings its content's).
        tag = entity_tag(version, scope, request_headers) if offered else None
        if tag in offered:
            await send(_not_modified(tag))
            await send({"type": "http.response.body", "body": b""})
            return
        # `*` matches any current representation: a 200 becomes 304 once the route has
        # answered, while a 404 or 400 stays what it is.
        any_current = "*" in offered
        dropping_body = False

        async def send_with_tag(message) -> None:
            nonlocal dropping_body
            if message["type"] == "http.response.start" and 200 <= message["status"] < 300:
                headers = list(message.get("headers", ()))
                own = next((value for name, value in headers if name.lower() == b"etag"), None)
                if any_current and message["status"] == 200:
                    dropping_body = True
                    message = _not_modified(own.decode() if own else tag)
                # A record's own content tag stands (see app.query.records); its answer sets
                # the other two as well.
                elif own is None:
                    localized = any(name.lower() == b"content-language" for name, _ in headers)
                    message["headers"] = [
                        *(h for h in headers if h[0].lower() not in TAGGED),
                        (b"etag", (tag or entity_tag(version, scope, request_headers)).encode()),
                        (b"cache-control", CACHE_CONTROL.encode()),
                        (b"vary", b"Accept, Accept-Language" if localized else b"Accept"),
                    ]
            elif message["type"] == "http.response.body" and dropping_body:
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app(scope, receive, send_with_tag)
