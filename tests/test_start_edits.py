"""Start-message edits: registered with the outermost layer's send, or wrapped, the headers
come out in the order nested wrappers would have put them."""

import asyncio

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
