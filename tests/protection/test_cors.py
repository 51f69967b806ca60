"""app.protection.cors answers exactly as Starlette's CORS middleware, with and without Origin."""

import asyncio

import pytest
from starlette.middleware.cors import CORSMiddleware as StarletteCORS

from app.protection.cors import CORSMiddleware

OPTIONS = {"allow_origins": ["*"], "allow_methods": ["GET"], "expose_headers": ["ETag"]}


def answered_headers(middleware, response_headers, request_headers) -> list:
    async def inner(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": response_headers})
        await send({"type": "http.response.body", "body": b"{}"})

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": "GET", "path": "/v1", "headers": request_headers}
    asyncio.run(middleware(inner, **OPTIONS)(scope, receive, send))
    assert sent[1] == {"type": "http.response.body", "body": b"{}"}
    return sent[0]["headers"]


@pytest.mark.parametrize(
    ("response_headers", "expected"),
    [
        ([(b"etag", b'"a"')], [(b"etag", b'"a"'), (b"vary", b"Origin")]),
        (
            [(b"vary", b"Accept"), (b"etag", b'"a"')],
            [(b"vary", b"Accept, Origin"), (b"etag", b'"a"')],
        ),
        (
            [(b"etag", b'"a"'), (b"vary", b"Accept"), (b"x", b"1"), (b"vary", b"Accept-Language")],
            [(b"etag", b'"a"'), (b"vary", b"Accept, Accept-Language, Origin"), (b"x", b"1")],
        ),
    ],
)
def test_without_origin_vary_gains_origin_as_starlette_adds_it(response_headers, expected):
    request = [(b"host", b"testserver")]
    ours = answered_headers(CORSMiddleware, list(response_headers), request)
    assert ours == expected
    assert ours == answered_headers(StarletteCORS, list(response_headers), request)


def test_with_origin_the_answer_is_starlettes():
    request = [(b"host", b"testserver"), (b"origin", b"https://example.org")]
    ours = answered_headers(CORSMiddleware, [(b"vary", b"Accept")], request)
    assert ours == answered_headers(StarletteCORS, [(b"vary", b"Accept")], request)
    assert (b"access-control-allow-origin", b"*") in ours
    assert (b"access-control-expose-headers", b"ETag") in ours
