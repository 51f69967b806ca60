"""Edits of an answer's start message (its status and headers), made by one send wrapper.

Several layers change the `http.response.start` message on its way out (the request id, the
security headers, CORS's Vary, the rate-limit headers, caching's tags). Each wrapping `send`
costs a closure and one more await per message; so the outermost layer collects the edits
(`collect`), and a layer handed that layer's own send registers its edit (`edit_start`)
instead of wrapping. The collector applies them innermost first, exactly as nested wrappers
would have. A layer handed any other send (someone between wrapped it) wraps as before, so
the order never changes; and a layer that sends an answer of its own while the layers inside
it run hands them a wrapped send (app.protection.limits does), so no inner edit reaches it.
"""

from collections.abc import Callable

from starlette.types import Message, Scope, Send

Edit = Callable[[Message], Message]
EDITS = "kca.start_edits"
"""Scope key: (the collector's send, the edits registered with it)."""


def collect(scope: Scope, send: Send) -> Send:
    """The send to hand inward: it applies every edit registered for this request."""
    edits: list[Edit] = []

    async def send_edited(message: Message) -> None:
        if message["type"] == "http.response.start":
            for edit in reversed(edits):
                message = edit(message)
        await send(message)

    scope[EDITS] = (send_edited, edits)
    return send_edited


def edit_start(scope: Scope, send: Send, edit: Edit) -> Send:
    """The send to hand inward so that `edit` changes the start message."""
    collector = scope.get(EDITS)
    if collector is not None and collector[0] is send:
        collector[1].append(edit)
        return send

    async def send_edited(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = edit(message)
        await send(message)

    return send_edited
