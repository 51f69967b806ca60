"""The HTTP protocol `kca serve` and the container run: uvicorn's httptools protocol with
limits on a request's head, which uvicorn leaves unbounded with httptools.

- Head size (request line plus headers, MAX_HEADER_BYTES): counted as bytes arrive, before
  the parser sees them (the parser would keep a growing header in memory), and answered 431
  and closed once over.
- Header count (MAX_HEADERS): answered 431 and closed, the application never called.
- Head time (HEADER_TIMEOUT): a connection whose request line and headers are not complete
  this long after their first byte (or after connecting) is closed, so clients that trickle
  header lines (slowloris) cannot hold connections open.
"""

import asyncio

import orjson
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from app.config import Settings, get_settings

IN_BODY = -1
"""`head_bytes` while the request's body (or the answer) is under way: nothing to count."""


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    settings: Settings | None = None
    """The limits; None: from the environment (get_settings)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limits = self.settings or get_settings()
        self.max_head = limits.max_header_bytes
        self.max_headers = limits.max_headers
        self.head_timeout = limits.header_timeout
        self.head_bytes = 0
        self.header_count = 0
        self.head_timer: asyncio.TimerHandle | None = None
        self.refused = False
        """A 431 went out: whatever the parser still finds in this connection is ignored."""

    @classmethod
    def with_settings(cls, settings: Settings) -> type["LimitedHttpToolsProtocol"]:
        """The protocol with these limits instead of the environment's (tests, embedding)."""
        return type(cls.__name__, (cls,), {"settings": settings})

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._start_head_timer()

    def connection_lost(self, exc) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.head_bytes == IN_BODY:
            super().data_received(data)
            return
        if self.head_bytes == 0:
            self._start_head_timer()
        room = self.max_head - self.head_bytes
        self.head_bytes += min(len(data), room)
        super().data_received(data[:room])
        if self.head_bytes != IN_BODY and self.head_bytes >= self.max_head and len(data) > room:
            self._refuse(f"The request line and headers are over {self.max_head} bytes.")
        elif len(data) > room and not self.transport.is_closing():
            super().data_received(data[room:])  # the head ended within the limit: the body

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.header_count = 0

    def on_header(self, name: bytes, value: bytes) -> None:
        self.header_count += 1
        if self.header_count <= self.max_headers:
            super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._stop_head_timer()
        self.head_bytes = IN_BODY
        if self.refused:
            return
        if self.header_count > self.max_headers:
            self._refuse(f"A request may carry at most {self.max_headers} headers.")
            return
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self.refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if not self.refused:
            super().on_message_complete()
        self.head_bytes = 0  # the next request's head starts with the next byte

    def _start_head_timer(self) -> None:
        if self.head_timer is None:
            self.head_timer = self.loop.call_later(self.head_timeout, self._head_too_slow)

    def _stop_head_timer(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def _head_too_slow(self) -> None:
        self.head_timer = None
        if self.head_bytes != IN_BODY and not self.transport.is_closing():
            self.logger.warning("request head not complete within %s s; closed", self.head_timeout)
            self.transport.close()

    def _refuse(self, detail: str) -> None:
        """431 problem, then close: the rest of the request is never read."""
        self.refused = True
        self._stop_head_timer()
        body = orjson.dumps(
            {
                "type": "urn:kca:problem:header-too-large",
                "title": "Request header fields too large",
                "status": 431,
                "detail": detail,
            }
        )
        head = [
            STATUS_LINE[431],
            *(name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers),
            b"content-type: application/problem+json\r\n",
            b"content-length: " + str(len(body)).encode() + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()
