"""A TestClient that answers a request in one hop to the application's event loop.

Starlette's TestClient streams each answer across threads: about eight calls into the event
loop's thread a request, which cost more CPU than most answers the tests ask for. A request made
with `get`, `post`, `request` and the like is read whole by httpx anyway, so `OneHopClient`
runs the application to the end of its answer in one call and hands httpx the bytes. `stream`
(a test that reads an answer as it comes, or leaves part way) still goes through Starlette's
streaming transport, unchanged."""

from collections.abc import Callable, Iterable
from urllib.parse import unquote

import anyio
import httpx
from fastapi.testclient import TestClient

WHOLE = "kca.read_whole"
"""Marks a request whose answer the caller reads whole (not `stream`)."""


class OneHopClient(TestClient):
    __test__ = False

    def __init__(self, app, **options) -> None:
        super().__init__(app, **options)
        self._transport = _OneHopTransport(self._transport)

    def send(self, request: httpx.Request, *, stream: bool = False, **options) -> httpx.Response:
        if not stream:
            request.extensions = {**request.extensions, WHOLE: True}
        return super().send(request, stream=stream, **options)

    def get_each(
        self, urls: Iterable[str], before: Callable[[str], object] = str
    ) -> list[httpx.Response]:
        """GETs each URL in turn, read whole, in one call into the event loop: for a test
        asking hundreds of small questions, each request's hop across threads and httpx's
        client bookkeeping (redirects, cookies) cost more than the answers. `before(url)` runs
        just before each request; no request starts before the previous one has ended."""
        urls = list(urls)
        requests = [self.build_request("GET", url) for url in urls]

        async def answer_each() -> list[httpx.Response]:
            answers = []
            for url, request in zip(urls, requests, strict=True):
                before(url)
                answers.append(await self._transport._answer(request))
            return answers

        with self._transport.streaming.portal_factory() as portal:
            answers = portal.call(answer_each)
        for answer in answers:
            answer.read()
        return answers


class _OneHopTransport(httpx.BaseTransport):
    """Answers a whole-read HTTP request with the scope Starlette's transport builds; hands
    anything else (a stream, a websocket) to that transport."""

    def __init__(self, streaming) -> None:
        self.streaming = streaming

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not request.extensions.get(WHOLE) or request.url.scheme not in ("http", "https"):
            return self.streaming.handle_request(request)
        with self.streaming.portal_factory() as portal:
            return portal.call(self._answer, request)

    def close(self) -> None:
        self.streaming.close()

    async def _answer(self, request: httpx.Request) -> httpx.Response:
        streaming = self.streaming
        port = request.url.port or {"http": 80, "https": 443}[request.url.scheme]
        headers = [] if "host" in request.headers else [(b"host", request.url.netloc)]
        headers += [(k.lower().encode(), v.encode()) for k, v in request.headers.multi_items()]
        scope = {
            "type": "http",
            "http_version": "1.1",
            "method": request.method,
            "path": unquote(request.url.path),
            "raw_path": request.url.raw_path.split(b"?", 1)[0],
            "root_path": streaming.root_path,
            "scheme": request.url.scheme,
            "query_string": request.url.query,
            "headers": headers,
            "client": streaming.client,
            "server": [request.url.raw_host.decode("ascii"), port],
            "state": streaming.app_state.copy(),
        }
        body = request.read()
        answer: dict = {}
        chunks: list[bytes] = []
        finished = anyio.Event()
        asked = False

        async def receive() -> dict:
            nonlocal asked
            if asked:  # the body was given: the client is there until the answer ends
                await finished.wait()
                return {"type": "http.disconnect"}
            asked = True
            return {"type": "http.request", "body": body}

        async def send(message: dict) -> None:
            if message["type"] == "http.response.start":
                answer["status_code"] = message["status"]
                answer["headers"] = [
                    (k.decode(), v.decode()) for k, v in message.get("headers", [])
                ]
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    finished.set()

        try:
            await streaming.app(scope, receive, send)
        except Exception:
            if streaming.raise_server_exceptions:
                raise
        finally:
            finished.set()
        if "status_code" not in answer:
            if streaming.raise_server_exceptions:
                raise AssertionError("TestClient did not receive any response.")
            answer = {"status_code": 500, "headers": []}
        content = b"" if request.method == "HEAD" else b"".join(chunks)
        # A stream, as Starlette's transport gives, so httpx adds no Content-Length of its own.
        return httpx.Response(
            answer["status_code"],
            headers=answer["headers"],
            stream=httpx.ByteStream(content),
            request=request,
        )
