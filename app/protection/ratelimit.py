"""Per-client rate limits: fixed one-minute windows for reads, for writes, and (stricter) for
failed token attempts. Counters live in memory, or in Redis when REDIS_URL is set so that every
worker shares them. Over the limit: 429 problem+json with Retry-After and RateLimit headers."""

import logging
import threading
import time
from dataclasses import dataclass

import orjson
from anyio import to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

WINDOW = 60
STORE_PAUSE = 5
"""Seconds a shared store that failed is left alone: requests go unlimited meanwhile instead of
each waiting for it to time out."""
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset: int

    def headers(self) -> list[tuple[bytes, bytes]]:
        return [
            (b"ratelimit-limit", str(self.limit).encode()),
            (b"ratelimit-remaining", str(self.remaining).encode()),
            (b"ratelimit-reset", str(self.reset).encode()),
            (b"ratelimit-policy", f"{self.limit};w={WINDOW}".encode()),
        ]


class MemoryCounter:
    """Counts per key and window in this process (one worker)."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, window: int) -> int:
        with self._lock:
            if len(self._counts) > 100_000:  # forget old windows
                self._counts = {k: v for k, v in self._counts.items() if k[1] >= window}
            count = self._counts.get((key, window), 0) + 1
            self._counts[(key, window)] = count
            return count

    def peek(self, key: str, window: int) -> int:
        with self._lock:
            return self._counts.get((key, window), 0)


class RedisCounter:
    """Counts in Redis, shared by every worker and replica."""

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    def hit(self, key: str, window: int) -> int:
        name = f"kca:rate:{key}:{window}"
        pipeline = self._redis.pipeline()
        pipeline.incr(name)
        pipeline.expire(name, WINDOW * 2)
        count, _ = pipeline.execute()
        return int(count)

    def peek(self, key: str, window: int) -> int:
        return int(self._redis.get(f"kca:rate:{key}:{window}") or 0)


class RateLimiter:
    def __init__(self, counter, reads: int, writes: int, auth_failures: int) -> None:
        self.counter = counter
        self.limits = {"read": reads, "write": writes, "auth": auth_failures}
        self.remote = isinstance(counter, RedisCounter)
        """Counting waits on the network: the middleware does it in a worker thread."""
        self.paused_until = 0.0

    def check(self, kind: str, client: str, count: bool = True) -> Verdict | None:
        """The verdict for one more request of this kind, or None when it is not limited."""
        limit = self.limits[kind]
        if not limit:
            return None
        now = time.time()
        if now < self.paused_until:
            return None
        window = int(now // WINDOW)
        key = f"{kind}:{client}"
        try:
            used = self.counter.hit(key, window) if count else self.counter.peek(key, window)
        except Exception:  # the shared store is down: serve rather than fail every request
            self.paused_until = now + STORE_PAUSE
            log.warning(
                "rate-limit store unavailable; not limiting for %d s", STORE_PAUSE, exc_info=True
            )
            return None
        reset = max(1, int((window + 1) * WINDOW - now))
        allowed = used <= limit if count else used < limit
        return Verdict(allowed, limit, max(0, limit - used), reset)


def client_of(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def too_many(verdict: Verdict, path: str, what: str) -> tuple[dict, list]:
    body = {
        "type": "urn:kca:problem:rate-limited",
        "title": "Too many requests",
        "status": 429,
        "detail": f"More than {verdict.limit} {what} a minute from this client; retry in "
        f"{verdict.reset} s.",
        "instance": path,
    }
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"retry-after", str(verdict.reset).encode()),
        *verdict.headers(),
    ]
    return body, headers


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        kind = "read" if scope["method"] in ("GET", "HEAD", "OPTIONS") else "write"
        client = client_of(scope)
        if self.limiter.remote:  # a round trip to Redis must not hold up the event loop
            verdict = await to_thread.run_sync(self.limiter.check, kind, client)
        else:
            verdict = self.limiter.check(kind, client)
        if verdict is None:
            await self.app(scope, receive, send)
            return
        if not verdict.allowed:
            what = "reads" if kind == "read" else "writes"
            body, headers = too_many(verdict, scope["path"], what)
            await send({"type": "http.response.start", "status": 429, "headers": headers})
            await send({"type": "http.response.body", "body": orjson.dumps(body)})
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + verdict.headers()
            await send(message)

        await self.app(scope, receive, send_with_headers)


def build_limiter(settings) -> RateLimiter:
    counter = RedisCounter(settings.redis_url) if settings.redis_url else MemoryCounter()
    return RateLimiter(
        counter,
        reads=settings.rate_limit_reads,
        writes=settings.rate_limit_writes,
        auth_failures=settings.rate_limit_auth_failures,
    )
