"""The exact SQL the API issues for a URL, captured from the API itself (in process), so the
floor server and Datasette run the same statements rather than a rewrite of them."""

import os
from dataclasses import dataclass

from sqlalchemy import event

SKIP = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SELECT 1", "SAVEPOINT", "RELEASE")


@dataclass
class Captured:
    url: str
    status: int
    body: bytes
    content_type: str
    statements: list[tuple[str, object]]
    """(SQL, parameters) in the order the API ran them."""


def capture(database_url: str, urls: list[str]) -> dict[str, Captured]:
    os.environ.setdefault("RATE_LIMIT_READS", "0")
    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.db import make_engine
    from app.main import create_app

    settings = Settings(database_url=database_url, rate_limit_reads=0, log_level="WARNING")
    engine = make_engine(database_url, settings)
    seen: list[tuple[str, object]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _record(conn, cursor, statement, parameters, context, executemany):
        # The ETag's dataset-version read is left out: the API reads it once a second, not
        # per request, and so should the floor.
        if not statement.lstrip().upper().startswith(SKIP) and "dataset_version" not in statement:
            seen.append((statement, parameters))

    app = create_app(engine=engine, settings=settings)
    found = {}
    with TestClient(app) as client:
        for url in urls:
            seen.clear()
            response = client.get(url)
            found[url] = Captured(
                url,
                response.status_code,
                response.content,
                response.headers.get("content-type", ""),
                list(seen),
            )
    engine.dispose()
    return found


def main_statement(captured: Captured) -> tuple[str, object]:
    """The statement that makes the answer (the one reading the resource's own table last)."""
    candidates = [s for s in captured.statements if "dataset_version" not in s[0]]
    # The page query selects the most columns; counts and reference checks select one.
    return max(candidates, key=lambda s: s[0].count(","))
