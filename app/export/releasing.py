"""Streamed answers (CSV, NDJSON, the data package) that let go of what they hold as soon as
the client stops taking them.

A client that stops reading leaves the server's send waiting for buffer space for ever, and
one that leaves mid-answer left the body's generator to the garbage collector: either way the
database connection behind the stream stayed checked out, and a few such clients emptied the
pool for everyone. Here every send must complete within STREAM_SEND_TIMEOUT seconds, and
whatever the stream holds is closed in a `finally` the moment the answer ends: completed,
abandoned or stalled. Each client may hold STREAMS_PER_CLIENT streams at once in a worker; one
more is answered 429.
"""

import contextlib
import logging
import threading
from collections import Counter
from collections.abc import Generator

import anyio
from anyio import to_thread
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.types import Send

from app.errors import ProblemError
from app.protection.ratelimit import client_of

log = logging.getLogger(__name__)


class ReleasingStream(StreamingResponse):
    """Streams `body`; then, however the answer ends, closes `body` and `holds` (the cursor,
    the connection, the client's stream slot)."""

    def __init__(
        self, request: Request, body: Generator[bytes], holds: contextlib.ExitStack, **kwargs
    ) -> None:
        super().__init__(body, **kwargs)
        self.body = body
        self.holds = holds
        self.send_timeout = request.app.state.settings.stream_send_timeout

    @classmethod
    def headers_only(cls, request: Request, **kwargs) -> "ReleasingStream":
        """The answer to HEAD: a stream's headers, with nothing run or held for a body."""
        return cls(request, (chunk for chunk in ()), contextlib.ExitStack(), **kwargs)

    async def stream_response(self, send: Send) -> None:
        start = {"type": "http.response.start", "status": self.status_code}
        body = {"type": "http.response.body", "more_body": True}
        try:
            await self._send(send, {**start, "headers": self.raw_headers})
            while (chunk := await to_thread.run_sync(next, self.body, None)) is not None:
                await self._send(send, {**body, "body": chunk})
            await self._send(send, {**body, "body": b"", "more_body": False})
        except TimeoutError:
            # Returning without finishing the answer makes the server close the connection,
            # so the client sees a cut transfer, never a complete-looking short file.
            log.warning("a client took no data for %s s; its stream was ended", self.send_timeout)
        finally:
            # Shielded: this also runs when the answer is cancelled because the client left.
            with anyio.CancelScope(shield=True):
                await to_thread.run_sync(self._release)

    async def _send(self, send: Send, message: dict) -> None:
        with anyio.fail_after(self.send_timeout):
            await send(message)

    def _release(self) -> None:
        try:
            self.body.close()
        finally:
            self.holds.close()


class StreamSlots:
    """Streams each client holds at once in this worker, at most `limit` (0: unlimited)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._held: Counter[str] = Counter()
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def claim(self, request: Request):
        """Holds one of the client's slots until the context ends; 429 when none is free."""
        client = client_of(request.scope)
        with self._lock:
            if self.limit and self._held[client] >= self.limit:
                raise ProblemError(
                    429,
                    "too-many-streams",
                    "Too many streams",
                    f"This client already has {self.limit} downloads (CSV, NDJSON or export) "
                    "under way; finish or close one first.",
                    headers={"Retry-After": "5"},
                )
            self._held[client] += 1
        try:
            yield
        finally:
            with self._lock:
                self._held[client] -= 1
                if not self._held[client]:
                    del self._held[client]
