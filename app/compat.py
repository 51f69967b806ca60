"""Every use of a library's undocumented internals, in one module, with the versions checked.

The list and record executors (app/query/lists.py, records.py, prepared.py) run statements
SQLAlchemy compiled on the driver's own cursor. For that they read a few attributes SQLAlchemy
does not promise to keep. pyproject.toml caps the libraries below their next minor release, so
an upgrade is a deliberate step: raise the cap, run the suite (tests/query/test_lists.py and
tests/query/test_records.py pin list and record answers, and tests/query/test_plans.py reads
every statement), then update the versions named here. The route index (app/routing.py) takes
the place of FastAPI's routing loop for a request it can answer (tests/test_routes.py checks
it picks the loop's route).

Checked against: SQLAlchemy 2.1.9, Starlette 1.10.0 (with FastAPI 0.165.0).
"""

from collections.abc import Callable, Sequence

from sqlalchemy.engine import Engine
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter


def parameter_order(compiled: SQLCompiler) -> tuple[str, ...] | None:
    """The bind parameter names in the order a positional driver takes them (sqlite3's `?`);
    None when the driver takes them by name."""
    return tuple(compiled.positiontup) if compiled.positional else None


def bind_parameters(compiled: SQLCompiler) -> dict[str, BindParameter]:
    """Each bind parameter of the compiled statement by its rendered name."""
    return compiled.binds


def cursor_listeners(engine: Engine) -> Sequence:
    """The engine's `before_cursor_execute` listeners, to call on a statement run outside
    SQLAlchemy's execution (the same listeners SQLAlchemy's own statements reach)."""
    return engine.dispatch.before_cursor_execute


TELEMETRY_SCOPE_KEY = "fastapi.telemetry"
"""Where FastAPI keeps a request's telemetry, which its routing loop tells of the route."""


def route_through(router, entry: Callable) -> bool:
    """Makes `entry(loop)` what the router runs for every request, `loop` being what it ran
    before (Starlette's `Router.__call__` runs `middleware_stack`, its own loop unless router
    middleware wraps it). Nothing is done, and False returned, when the router sets form
    limits: FastAPI's loop writes them into each request's scope."""
    if router.form_limits:
        return False
    router.middleware_stack = entry(router.middleware_stack)
    return True
