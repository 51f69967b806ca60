"""Start-message edits: registered with the outermost layer's send, or wrapped, the headers
come out in the order nested wrappers would have put them."""

import asyncio
import gc

from app.start_edits import collect, edit_start


def adding(name: bytes):
    def edit(message):
        message["headers"] = [*message.get("headers", ()), (name, b"1")]
        return message

    return edit


def answer(wrap_between: bool) -> tuple[list, int]:
    scope, sent = {}, []

    async def send(message):
        sent.append(message)

    async def run():
        outer = edit_start(scope, collect(scope, send), adding(b"outer"))
        middle = edit_start(scope, outer, adding(b"middle"))

        async def passing(message):  # a layer that wraps send for a reason of its own
            await middle(message)

        inner = edit_start(scope, passing if wrap_between else middle, adding(b"inner"))
        await inner({"type": "http.response.start", "status": 200, "headers": [(b"own", b"1")]})
        await inner({"type": "http.response.body", "body": b"x"})

    asyncio.run(run())
    return sent, len(scope["kca.start_edits"][1])


def test_registered_and_wrapped_edits_keep_the_nesting_order():
    for wrap_between, registered in ((False, 3), (True, 2)):
        sent, count = answer(wrap_between)
        assert count == registered  # the inner edit wraps when someone wrapped in between
        names = [name for name, _ in sent[0]["headers"]]
        assert names == [b"own", b"inner", b"middle", b"outer"]
        assert sent[1] == {"type": "http.response.body", "body": b"x"}


def test_an_answer_leaves_no_reference_cycle(client):
    """Edits may refer to the request's scope, which holds them: the collecting layer lets go
    when the answer is done, so a request leaves nothing for the cyclic garbage collector
    (35 objects a record answer did, which made every answer dearer)."""
    app, path = client.app, "/v1/investments/3"

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def answer(sent):
        scope = {
            **{"type": "http", "http_version": "1.1", "scheme": "http", "method": "GET"},
            **{"path": path, "raw_path": path.encode(), "root_path": "", "query_string": b""},
            **{"headers": [(b"host", b"test")], "client": ("127.0.0.1", 1), "state": {}},
        }

        async def send(message):
            sent.append(message)

        await app(scope, receive, send)

    async def run():
        await answer([])  # caches filled
        gc.collect()
        gc.disable()
        try:
            sent = []
            for _ in range(20):
                await answer(sent)
            return sent, gc.collect()
        finally:
            gc.enable()

    sent, unreachable = asyncio.run(run())
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [200] * 20
    assert unreachable == 0
