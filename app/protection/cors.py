"""CORS: Starlette's middleware, with the answer to a request that names no Origin made on the
raw header list. Such requests (every client that is not a browser on another site) only get
`Origin` added to Vary, and Starlette builds two header views per answer to do it."""

from starlette.middleware import cors
from starlette.types import Message, Receive, Scope, Send

VARY_ORIGIN = (b"vary", b"Origin")


class CORSMiddleware(cors.CORSMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or any(name == b"origin" for name, _ in scope["headers"]):
            await super().__call__(scope, receive, send)
            return

        async def send_with_vary(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = vary_origin(list(message.get("headers", ())))
            await send(message)

        await self.app(scope, receive, send_with_vary)


def vary_origin(headers: list) -> list:
    """`headers` with `Origin` added to Vary as Starlette adds it: the Vary values joined into
    the first Vary header, any later ones dropped, or a Vary header appended."""
    first = next((i for i, (name, _) in enumerate(headers) if name == b"vary"), None)
    if first is None:
        headers.append(VARY_ORIGIN)
        return headers
    values = [value for name, value in headers if name == b"vary"]
    rest = [header for header in headers[first + 1 :] if header[0] != b"vary"]
    return [*headers[:first], (b"vary", b", ".join([*values, b"Origin"])), *rest]
