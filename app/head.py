"""HEAD: every GET route answers it with the GET's status and headers, and no body.

The request goes through as the GET it stands for (so routes register GET only, and OpenAPI
lists each operation once); the body is dropped on the way out. Streams and exports look at
`asked_head` so as not to run their queries for an answer nobody reads.
"""

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEAD = "kca.head"
"""Scope flag: the request came as HEAD; its method reads GET from here on."""


def asked_head(request: Request) -> bool:
    return request.scope.get(HEAD, False)


class HeadAsGet:
    """Innermost middleware, so the layers outside it (caching, rate limits, logs) see HEAD."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET", HEAD: True}, receive, headers_only)
