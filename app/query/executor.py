"""What the prepared executors share (lists: app.query.lists; records: app.query.records; stats:
app.query.stats_reader; search: app.search.router):
caches of what a query string reads as and of compiled plans, and where reads run (the event
loop, or a worker thread).
"""

import asyncio
import contextvars
import functools
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from anyio import to_thread
from pydantic import BaseModel
from starlette.requests import Request

from app.query.connections import lender
from app.query.filter_param import flat_query
from app.query.prepared import run

PLANS = 256
"""Prepared statements kept per route (one per combination of parameters, fields and order)."""
QUERIES = 1024
"""Query strings whose reading (validation, order, cursor, plan) is kept per route."""
INLINE_SECONDS = 0.001
"""On SQLite, reads whose last run took less CPU time than this run on the event loop: there a
worker thread's hop, and the handing of the GIL between threads that step SQLite at once, cost
more than the statements. Any other read, or one not run yet, goes to a worker thread, so that a
read over many rows never stalls the other requests."""


class LRUCache:
    """A least-recently-used cache: values built once per key, the least recently used dropped
    beyond `size()` entries. Locked: an empty page's reference lookups may come from a worker
    thread."""

    def __init__(self, size) -> None:
        self.size = size
        self.items: OrderedDict[Any, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, build):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = build()  # outside the lock: building may compile a statement
        with self.lock:
            self.items[key] = value
            if len(self.items) > self.size():
                self.items.popitem(last=False)
        return value


SQLITE_READ_THREADS = 2
"""Worker threads that may read a SQLite file at once, per worker process. SQLite steps in this
process and hands the GIL back and forth on every row: sixteen threads doing that cost a 1M-row
list 2–3× the CPU of two doing it (bench/results/NOTES.md). A PostgreSQL read waits on the
server, so it keeps the whole thread pool."""


class Timing:
    """The CPU seconds a query's reads took when they last ran (None before the first), kept
    with the reading of its query string: the same query string does the same work, so its
    last run tells where the next one may run (INLINE_SECONDS)."""

    __slots__ = ("took",)

    def __init__(self) -> None:
        self.took: float | None = None

    def quick(self) -> bool:
        return self.took is not None and self.took < INLINE_SECONDS

    def measured(self, work):
        def timed(reader):
            # The thread's CPU time: waiting for the GIL or the disk would make a cheap read
            # look dear on a busy worker, and keep it off the event loop for good.
            started = time.thread_time()
            try:
                return work(reader)
            finally:
                self.took = time.thread_time() - started

        return timed


async def run_reads(request: Request, work, inline: bool = False, timing: Timing | None = None):
    """`work(reader)` on the read engine (app.query.prepared.run): on the event loop when
    `inline` says it is cheap by construction or, on SQLite, when `timing` shows its last run
    was quick; otherwise in a worker thread."""
    engine = request.app.state.read_engine
    if timing is not None:
        inline = inline or (engine.dialect.name == "sqlite" and timing.quick())
        work = timing.measured(work)
    # On the event loop only with a connection at hand: waiting there for the pool would
    # stall every request of the worker, and every stream's send timeout with them.
    if inline and lender(engine).ready(engine):
        return run(engine, work)
    return await in_worker_thread(engine, work)


async def in_worker_thread(engine, work):
    """`run(engine, work)` in a worker thread: on SQLite one of SQLITE_READ_THREADS."""
    call = functools.partial(run, engine, work)
    if engine.dialect.name != "sqlite":
        # anyio's hop here: a plain pool of 40 threads took more CPU per PostgreSQL read
        # (bench/results/NOTES.md, "h13 thread hops").
        return await to_thread.run_sync(call)
    # A plain executor's hop costs about a third of anyio's (18 against 52 µs of CPU, with
    # sixteen requests waiting): no limiter, cancel scope or per-loop bookkeeping. `run`
    # gives its connection back itself, so a request that goes away leaves nothing behind.
    context = contextvars.copy_context()  # as anyio's hop would carry the request's context
    return await asyncio.get_running_loop().run_in_executor(_SQLITE_READS, context.run, call)


_SQLITE_READS = ThreadPoolExecutor(SQLITE_READ_THREADS, thread_name_prefix="sqlite-read")
"""The worker threads of SQLite reads, shared by every event loop of the process (tests run
several; a server, one)."""


class Executor:
    """Base of the executors: one per route, which is the route's `shortcut`
    (app.query.routing). It reads a query string with the route's own query model, keeps what
    it read per query string (`queries`) and the statements it compiled per shape (`plans`).

    The endpoint body in app.query.routes is not a second path. The shortcut declines only a
    request that fails validation, and then FastAPI's dependency solving answers with the
    documented 400 before the body runs. Should the body ever run, it gives its parsed
    parameters to the same executor (each subclass's `answer`)."""

    def __init__(self, resource, model: type[BaseModel]) -> None:
        self.resource = resource
        self.model = model
        self.plans = LRUCache(lambda: PLANS)
        self.queries = LRUCache(lambda: QUERIES)

    def _params(self, request: Request):
        return self.model.model_validate(flat_query(request.query_params, self.model))
