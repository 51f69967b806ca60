"""Per-client rate limits: fixed one-minute windows for reads, for writes, and (stricter) for
failed token attempts. The `limits` library keeps the counts: in this process, or in Redis when
REDIS_URL is set so that every worker shares them. Over the limit: 429 problem+json with
Retry-After and RateLimit headers."""

import logging
import time
from dataclasses import dataclass

from anyio import to_thread
from limits.storage import MemoryStorage, RedisStorage, Storage
from starlette.types import ASGIApp, Receive, Scope, Send

from app.errors import ProblemError, problem_response
from app.http import under_api

WINDOW = 60
STORE_PAUSE = 5
"""Seconds a shared store that failed is left alone: requests go unlimited meanwhile instead of
each waiting for it to time out."""
REDIS_TIMEOUT = 0.5
"""Seconds a Redis connection or command may take before the store counts as failed."""
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset: int

    def headers(self) -> dict[str, str]:
        return {
            "ratelimit-limit": str(self.limit),
            "ratelimit-remaining": str(self.remaining),
            "ratelimit-reset": str(self.reset),
            "ratelimit-policy": f"{self.limit};w={WINDOW}",
        }


class WindowCounter:
    """Hits per key and clock-aligned window, on a `limits` storage. Windows start on the
    minute (so Retry-After is the time to the next one) and each window is a key of its own,
    which the storage expires a minute after its first hit, when its window is over."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def hit(self, key: str, window: int) -> int:
        """Counts one more hit and returns the window's count, in one round trip (the
        library's strategies answer only yes or no, and the headers need the count)."""
        return self.storage.incr(f"{key}:{window}", WINDOW)

    def peek(self, key: str, window: int) -> int:
        return self.storage.get(f"{key}:{window}")


class RateLimiter:
    def __init__(self, counter: WindowCounter, reads: int, writes: int, auth_failures: int):
        self.counter = counter
        self.limits = {"read": reads, "write": writes, "auth": auth_failures}
        self.remote = not isinstance(counter.storage, MemoryStorage)
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
    """The client address: the peer's, or the one a trusted proxy forwarded (uvicorn rewrites
    it only for the proxies FORWARDED_ALLOW_IPS names)."""
    client = scope.get("client")
    return client[0] if client else "unknown"


def too_many(verdict: Verdict, what: str) -> ProblemError:
    return ProblemError(
        429,
        "rate-limited",
        "Too many requests",
        f"More than {verdict.limit} {what} a minute from this client; retry in {verdict.reset} s.",
        headers={"retry-after": str(verdict.reset), **verdict.headers()},
    )


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not under_api(scope["path"]):
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
            await problem_response(too_many(verdict, what), scope["path"])(scope, receive, send)
            return
        headers = [(name.encode(), value.encode()) for name, value in verdict.headers().items()]

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def build_limiter(settings) -> RateLimiter:
    if settings.redis_url:
        storage = RedisStorage(
            settings.redis_url,
            key_prefix="kca:rate",
            socket_timeout=REDIS_TIMEOUT,
            socket_connect_timeout=REDIS_TIMEOUT,
        )
    else:
        storage = MemoryStorage()
    return RateLimiter(
        WindowCounter(storage),
        reads=settings.rate_limit_reads,
        writes=settings.rate_limit_writes,
        auth_failures=settings.rate_limit_auth_failures,
    )
