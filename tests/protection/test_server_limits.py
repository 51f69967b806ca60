"""The servers a deployer runs (the container's entry point and `kca serve`), over raw sockets:
limits on request heads (oversized heads are 431 and closed without the server's memory growing,
too many headers are 431, slow heads and idle keep-alive connections are closed, and ordinary
requests are served as before), and what they do unconfigured: the entry point migrates an empty
database and seeds nothing unasked, no proxy is trusted, each request is logged once as JSON.
One server of each kind serves the whole module: each start costs a process importing the app."""

import json
import shutil
import signal
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson
import pytest
from sqlalchemy import create_engine, text

from app.health import schema_head
from tests.databases import memory_directory
from tests.helpers import read_to_end
from tests.servers import (
    ONE_CLIENT,
    ROOT,
    Process,
    failed_token_answers,
    forwarding_env,
    free_port,
)

pytestmark = pytest.mark.slow  # real servers and header timeouts

MAX_HEADER_BYTES = 16 * 1024
MAX_HEADERS = 50
HEADER_TIMEOUT = 0.5
TRICKLE = 0.15
"""Seconds between a trickling head's lines: well inside HEADER_TIMEOUT, so only a timeout counted
from the first byte (not from the last) closes those connections."""
KEEP_ALIVE = 1
MIB = 1 << 20

COMMANDS = {
    "entry-point": ["sh", str(ROOT / "scripts" / "docker-entrypoint.sh")],
    "kca-serve": [str(Path(ROOT / ".venv" / "bin" / "python")), "-m", "app", "serve"],
}


@dataclass(frozen=True)
class Server:
    process: Process
    port: int
    database: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.process.pid


@pytest.fixture(scope="module")
def servers(migrated_sqlite) -> Iterator[dict[str, Server]]:
    """Both servers with small limits, started at once (their imports overlap), in memory: the
    entry point on an empty SQLite file, which it migrates; `kca serve`, which does not migrate,
    on a migrated copy. Both stop gracefully at the end: uvicorn exits 0, or re-raises the
    SIGTERM once it has shut down."""
    directory = memory_directory()
    databases = {
        "entry-point": f"sqlite:///{directory / 'empty.db'}",
        "kca-serve": migrated_sqlite(),
    }
    started: dict[str, Server] = {}
    stopped: dict[str, tuple[int, str]] = {}
    try:
        for name, command in COMMANDS.items():
            port = free_port()
            env = forwarding_env(
                directory,
                DATABASE_URL=databases[name],
                PORT=str(port),
                WORKERS="1",  # rate limits count in each worker's memory
                MAX_HEADER_BYTES=str(MAX_HEADER_BYTES),
                MAX_HEADERS=str(MAX_HEADERS),
                HEADER_TIMEOUT=str(HEADER_TIMEOUT),
                KEEP_ALIVE_TIMEOUT=str(KEEP_ALIVE),
            )
            env.pop("SEED_ON_START", None)  # seeding is asked for, never the default
            started[name] = Server(Process(command, env, directory, name), port, databases[name])
        for server in started.values():
            server.process.wait_until_healthy(server.base)
        yield started
    finally:
        for name, server in started.items():
            stopped[name] = (server.process.stop(), server.process.logs())
        shutil.rmtree(directory)
    for name, (code, logs) in stopped.items():
        assert code in (0, -signal.SIGTERM), f"{name}:\n{logs}"


@pytest.fixture(scope="module", params=list(COMMANDS))
def server(request, servers) -> Server:
    return servers[request.param]


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port))
    sock.settimeout(10)
    return sock


def one_answer(sock: socket.socket) -> bytes:
    """One answer on a kept-alive connection: its head, then Content-Length bytes of body."""
    received = b""
    while b"\r\n\r\n" not in received:
        received += sock.recv(65536)
    head, _, body = received.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.startswith(b"content-length:")
    )
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


def resident_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def refused_431(response: bytes, detail: str) -> None:
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0] == b"HTTP/1.1 431 Request Header Fields Too Large", response[:300]
    assert b"connection: close" in lines
    assert b"content-type: application/problem+json" in lines
    assert orjson.loads(body) == {
        "type": "urn:kca:problem:header-too-large",
        "title": "Request header fields too large",
        "status": 431,
        "detail": detail,
    }


def push(sock: socket.socket, data: bytes, chunk: int = 64 * 1024) -> int:
    """Sends `data` until the server stops taking it; returns the bytes it took."""
    sent = 0
    try:
        while sent < len(data):
            sent += sock.send(data[sent : sent + chunk])
    except (BrokenPipeError, ConnectionResetError, TimeoutError):
        pass
    return sent


def test_a_head_over_the_limit_is_431_and_closed(server):
    port = server.port
    with connect(port) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: kca\r\nX-Big: " + b"a" * MAX_HEADER_BYTES)
        refused_431(
            read_to_end(sock), f"The request line and headers are over {MAX_HEADER_BYTES} bytes."
        )


def test_16_mib_heads_neither_get_served_nor_grow_memory(server):
    """One 16 MiB header, then 20 connections each pushing 16 MiB of header without ever
    ending it: each is cut off after the limit and the server's memory stays flat."""
    port, pid = server.port, server.pid
    huge = b"GET /healthz HTTP/1.1\r\nHost: kca\r\nX-Big: " + b"a" * (16 * MIB)
    before = resident_mib(pid)
    with connect(port) as sock:
        sent = push(sock, huge + b"\r\n\r\n")
        response = read_to_end(sock)
    assert response == b"" or response.startswith(b"HTTP/1.1 431 "), response[:200]
    assert sent < len(huge)  # the server stopped reading long before the end
    sockets = [connect(port) for _ in range(20)]
    for sock in sockets:
        sock.settimeout(2)
        assert push(sock, huge) < len(huge)
    grown = resident_mib(pid) - before
    for sock in sockets:
        sock.close()
    assert grown < 4, f"the server grew by {grown:.1f} MiB"


def test_too_many_headers_are_431_and_as_many_as_allowed_are_served(server):
    port = server.port
    lines = b"".join(b"X-H%d: v\r\n" % i for i in range(MAX_HEADERS))  # plus Host: one too many
    with connect(port) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: kca\r\n" + lines + b"\r\n")
        refused_431(read_to_end(sock), f"A request may carry at most {MAX_HEADERS} headers.")
    allowed = b"".join(b"X-H%d: v\r\n" % i for i in range(MAX_HEADERS - 2))  # plus two
    with connect(port) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: kca\r\nConnection: close\r\n" + allowed)
        sock.sendall(b"\r\n")
        assert read_to_end(sock).startswith(b"HTTP/1.1 200 OK\r\n")


def test_trickled_and_silent_heads_are_closed_after_the_timeout(server):
    """100 connections sending a header line every TRICKLE s, and 100 sending nothing: all closed
    by the server within the header timeout (plus scheduling slack)."""
    port = server.port
    trickling = [connect(port) for _ in range(100)]
    silent = [connect(port) for _ in range(100)]
    started = time.monotonic()
    for sock in trickling:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: kca\r\n")
    closed: set[int] = set()
    line = 0
    while len(closed) < len(trickling) and time.monotonic() - started < HEADER_TIMEOUT + 3:
        time.sleep(TRICKLE)
        line += 1
        for i, sock in enumerate(trickling):
            if i not in closed and push(sock, b"X-Slow-%d: v\r\n" % line) == 0:
                closed.add(i)
    elapsed = time.monotonic() - started
    assert len(closed) == len(trickling), f"{len(trickling) - len(closed)} still open"
    assert elapsed < HEADER_TIMEOUT + 2.5, elapsed
    for sock in silent:
        sock.settimeout(HEADER_TIMEOUT + 3)
        assert read_to_end(sock) == b""  # closed, without an answer
        sock.close()
    for sock in trickling:
        sock.close()


def test_ordinary_requests_keep_alive_and_idle_connections_close(server):
    """Two requests on one connection, a request whose body arrives with its head (larger than
    the head limit: the body is not counted), then the keep-alive timeout closes the idle
    connection."""
    port = server.port
    with connect(port) as sock:
        for _ in range(2):
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: kca\r\n\r\n")
            health = one_answer(sock)
            assert health.startswith(b"HTTP/1.1 200 OK\r\n")
            assert health.endswith(b'\r\n\r\n{"status":"ok"}')
        body = orjson.dumps({"note": "x" * (MAX_HEADER_BYTES * 2)})
        head = b"POST /v1/visits HTTP/1.1\r\nHost: kca\r\nContent-Type: application/json\r\n"
        sock.sendall(head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        assert one_answer(sock).startswith(b"HTTP/1.1 401 Unauthorized\r\n")
        started = time.monotonic()
        assert read_to_end(sock) == b""
        assert KEEP_ALIVE - 0.2 < time.monotonic() - started < KEEP_ALIVE + 2


def test_no_proxy_is_trusted_unless_one_is_named(server):
    """Without FORWARDED_ALLOW_IPS, X-Forwarded-For from a local client names no one (uvicorn
    alone would trust 127.0.0.1); tests/deploy has `kca serve` trusting a named proxy."""
    assert failed_token_answers(server.base) == ONE_CLIENT


def test_the_entry_point_migrates_an_empty_database_and_seeds_nothing_unasked(servers):
    server = servers["entry-point"]
    assert httpx.get(f"{server.base}/readyz").json() == {"status": "ready", "schema": schema_head()}
    body = httpx.get(f"{server.base}/v1/summits").json()
    assert (body["data"], body["meta"]["total"]) == ([], 0)
    engine = create_engine(server.database)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            schema_head()
        )
        assert connection.execute(text("SELECT count(*) FROM countries")).scalar() == 0
    engine.dispose()


def test_kca_serve_logs_each_request_once_as_json(servers):
    server = servers["kca-serve"]
    for request_id in ("once", "after"):
        headers = {"X-Request-ID": request_id}
        assert httpx.get(f"{server.base}/v1/summits", headers=headers).status_code == 200
    # A request's line is written once its answer has gone: by the time the later one's is
    # there, every line the first request writes is.
    deadline = time.monotonic() + 10
    while '"request_id":"after"' not in server.process.stderr.read_text():
        assert time.monotonic() < deadline, server.process.logs()
        time.sleep(0.05)
    lines = server.process.stderr.read_text().splitlines()
    entries = [json.loads(line) for line in lines]  # every line is JSON
    assert [e["path"] for e in entries if e.get("request_id") == "once"] == ["/v1/summits"]
    assert not any("HTTP/1.1" in line for line in lines)  # no uvicorn access line
