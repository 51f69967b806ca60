import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import orjson
import uvicorn
from sqlalchemy import event

from app.registry import REGISTRY


def data(client, path, **params) -> list[dict]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def every_record(client, resource: str) -> list[dict]:
    """Every record of a resource, superseded reports too (`as_of=all` where rows are reports)."""
    reported = "as_of" in REGISTRY.by_plural[resource].table.c
    params = {"limit": 500, **({"as_of": "all"} if reported else {})}
    return data(client, f"/v1/{resource}", **params)


def ndjson_records(response) -> list:
    """The records of an NDJSON answer, one a line."""
    return [orjson.loads(line) for line in response.content.splitlines()]


def hit_keys(hits: list[dict]) -> list[tuple]:
    """(type, id) of each search hit, in order."""
    return [(hit["type"], hit["id"]) for hit in hits]


def search_hits(client, **params) -> list[tuple]:
    """(type, id) of each hit on the first page `/v1/search` answers with `params`."""
    return hit_keys(data(client, "/v1/search", **params))


def problem(client, path, status=400, **params) -> dict:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


class Issued(str):
    """A statement's SQL as the engine sent it, with the `parameters` it was sent with and the
    DB-API `cursor` it ran on."""

    parameters: object
    cursor: object


@contextlib.contextmanager
def issued_statements(engine) -> Iterator[list[Issued]]:
    """The SQL `engine` sends to the database meanwhile, in order."""
    issued: list[Issued] = []

    def record(_connection, cursor, statement, parameters, *_rest):
        sent = Issued(statement)
        sent.parameters, sent.cursor = parameters, cursor
        issued.append(sent)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield issued
    finally:
        event.remove(engine, "before_cursor_execute", record)


def answers_with_statements(client, engine, urls: list[str]) -> list[tuple]:
    """(answer, the SQL `engine` sent while answering) for each URL, asked in turn in one hop
    into the event loop (OneHopClient.get_each)."""
    starts: list[int] = []
    with issued_statements(engine) as issued:
        answers = client.get_each(urls, before=lambda _url: starts.append(len(issued)))
    ends = [*starts[1:], len(issued)]
    return [
        (answer, issued[start:end])
        for answer, start, end in zip(answers, starts, ends, strict=True)
    ]


def inlined(document: dict) -> dict:
    """The OpenAPI document with every operation's parameters and answers written in place
    (the served one refers to those it shares in `components`), for tests that read them."""
    components = document.get("components", {})

    def resolve(item: dict) -> dict:
        if "$ref" in item:  # what sits beside a `$ref` (an example) is kept
            _, _, section, name = item["$ref"].split("/")
            beside = {key: value for key, value in item.items() if key != "$ref"}
            item = {**components[section][name], **beside}
        if "$ref" in item.get("schema", {}):  # a parameter's shared schema
            item = {**item, "schema": resolve(item["schema"])}
        return item

    paths = {
        path: {
            method: {
                **operation,
                "parameters": [resolve(p) for p in operation.get("parameters", [])],
                "responses": {s: resolve(a) for s, a in operation["responses"].items()},
            }
            for method, operation in methods.items()
        }
        for path, methods in document["paths"].items()
    }
    return {**document, "paths": paths}


def read_to_end(sock: socket.socket, seconds: float | None = None) -> bytes:
    """Everything the server sends until it closes the connection (a reset counts as closed);
    `seconds` bounds each read, else the socket's own timeout does."""
    if seconds is not None:
        sock.settimeout(seconds)
    received = bytearray()
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except ConnectionResetError:
        pass
    return bytes(received)


class LiveServer:
    """The application on a real port, served by uvicorn in a thread: `with LiveServer(engine)
    as base_url: ...`. `settings` go to the application; `send_buffer` shrinks the kernel's
    send buffer of every accepted socket (so a client that stops reading stalls the server's
    sends after a few kilobytes); `config` goes to uvicorn."""

    def __init__(self, engine, settings=None, send_buffer: int | None = None, **config):
        from tests.conftest import UNLIMITED, app_for

        app = app_for(engine, settings or UNLIMITED)
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error", **config)
        self.server = uvicorn.Server(config)
        listener = None
        if send_buffer is not None:
            # Accepted sockets inherit the listening socket's buffer sizes.
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, send_buffer)
            listener.bind(("127.0.0.1", 0))
        self.thread = threading.Thread(
            target=self.server.run, args=([listener] if listener else None,), daemon=True
        )

    def __enter__(self):
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the live server stopped before it started")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)
