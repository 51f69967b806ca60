"""Limits on request heads, on the servers a deployer runs (the container's entry point and
`kca serve`), over raw sockets: oversized heads are 431 and closed without the server's memory
growing, too many headers are 431, slow heads and idle keep-alive connections are closed, and
ordinary requests are served as before."""

import shutil
import socket
import time
from pathlib import Path

import orjson
import pytest

from tests.databases import memory_directory
from tests.helpers import read_to_end
from tests.servers import ROOT, Process, free_port, server_env

pytestmark = pytest.mark.slow  # real servers and header timeouts

MAX_HEADER_BYTES = 16 * 1024
MAX_HEADERS = 50
HEADER_TIMEOUT = 1.0
KEEP_ALIVE = 1
MIB = 1 << 20

COMMANDS = {
    "entry-point": ["sh", str(ROOT / "scripts" / "docker-entrypoint.sh")],
    "kca-serve": [str(Path(ROOT / ".venv" / "bin" / "python")), "-m", "app", "serve"],
}


@pytest.fixture(scope="module", params=list(COMMANDS))
def server(request, migrated_sqlite) -> tuple[int, int]:
    """(port, pid) of a server with small limits, on a copy of a migrated SQLite file (in
    memory): the entry point finds it at head (migrating a new one is tests/deploy's), so its
    start costs no migration steps."""
    tmp_path = memory_directory()
    port = free_port()
    command = COMMANDS[request.param]
    env = server_env(
        tmp_path,
        DATABASE_URL=migrated_sqlite(),
        PORT=str(port),
        WORKERS="1",
        MAX_HEADER_BYTES=str(MAX_HEADER_BYTES),
        MAX_HEADERS=str(MAX_HEADERS),
        HEADER_TIMEOUT=str(HEADER_TIMEOUT),
        KEEP_ALIVE_TIMEOUT=str(KEEP_ALIVE),
    )
    process = Process(command, env, tmp_path, request.param)
    try:
        process.wait_until_healthy(f"http://127.0.0.1:{port}")
        yield port, process.process.pid
    finally:
        process.stop()
        shutil.rmtree(tmp_path)


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
    port, _ = server
    with connect(port) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: kca\r\nX-Big: " + b"a" * MAX_HEADER_BYTES)
        refused_431(
            read_to_end(sock), f"The request line and headers are over {MAX_HEADER_BYTES} bytes."
        )


def test_16_mib_heads_neither_get_served_nor_grow_memory(server):
    """One 16 MiB header, then 20 connections each pushing 16 MiB of header without ever
    ending it: each is cut off after the limit and the server's memory stays flat."""
    port, pid = server
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
    port, _ = server
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
    """100 connections sending a header line every 0.3 s, and 100 sending nothing: all closed
    by the server within the header timeout (plus scheduling slack)."""
    port, _ = server
    trickling = [connect(port) for _ in range(100)]
    silent = [connect(port) for _ in range(100)]
    started = time.monotonic()
    for sock in trickling:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: kca\r\n")
    closed: set[int] = set()
    line = 0
    while len(closed) < len(trickling) and time.monotonic() - started < HEADER_TIMEOUT + 3:
        time.sleep(0.3)
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
    port, _ = server
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
