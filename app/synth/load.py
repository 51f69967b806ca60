"""`kca synth`: bulk-load synthetic rows into SQLite or PostgreSQL, in one transaction.

Python draws the visits and a few thousand project and money-figure templates (generate.py)
into temporary tables; `INSERT … SELECT` statements then expand them into rows and search
documents inside the database (rows.py), in batches so progress can be shown; PostgreSQL and
SQLite run the same statements. On SQLite, FTS5 indexes the new documents in one statement at
the end rather than row by row, and while loading the connection skips fsync and uses a rollback
journal instead of the write-ahead log (new pages are written once, and a failure still rolls
everything back); its settings are put back afterwards. The dataset version is bumped once, and
ANALYZE runs at the end so planners see the new sizes.
"""

import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.engine import Engine

from app.countries.models import Country
from app.curation.audit import refresh_summaries
from app.db import advance_sequences
from app.investments.models import Investment
from app.meta.version import bump
from app.people.models import Person
from app.projects.models import Project
from app.registry import REGISTRY
from app.search.build import refresh_document
from app.search.models import SearchDocument
from app.sources.models import Source
from app.sources.resource import SOURCES
from app.synth import generate, rows
from app.visits.models import Visit

BATCH = 100_000
TABLES = {
    "visits": Visit.__table__,
    "projects": Project.__table__,
    "investments": Investment.__table__,
}


@dataclass
class SynthReport:
    rows: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    seconds: float = 0.0
    version: int | None = None

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_second(self) -> float:
        return self.total / self.seconds if self.seconds else 0.0


def synth(
    engine: Engine,
    *,
    visits: int = 0,
    investments: int = 0,
    projects: int = 0,
    seed: int = 1,
    progress: Callable[[str, int], None] | None = None,
) -> SynthReport:
    """Add synthetic rows (all citing the synthetic source) and their search documents.

    `progress(table, rows_so_far)` is called after each batch."""
    report = SynthReport()
    started = time.perf_counter()
    counts = {"projects": projects, "visits": visits, "investments": investments}
    postgres = engine.dialect.name == "postgresql"
    with engine.connect() as connection, nullcontext() if postgres else _bulk_sqlite(connection):
        with connection.begin():
            report.version = _load(connection, counts, random.Random(seed), progress)
        # Fresh statistics, so planners see the new sizes (kept: ANALYZE's own transaction
        # is committed, or PostgreSQL would roll its statistics back).
        _untimed(connection)
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
    report.rows = counts
    report.documents = report.total
    report.seconds = time.perf_counter() - started
    return report


def _load(connection: Connection, counts: dict[str, int], rng: random.Random, progress) -> int:
    """Everything `synth` writes, in the caller's transaction; returns the new dataset version."""
    postgres = connection.dialect.name == "postgresql"
    _untimed(connection)
    world = _world(connection)
    _ensure_source(connection)
    _fill_templates(connection, world, counts["visits"], rng)
    draw = rows.Draws(rng, connection.dialect.name)
    first = world.next_ids
    project_ids = range(first["projects"], first["projects"] + counts["projects"])
    statements = {
        "projects": partial(rows.projects, first["projects"], draw=draw),
        "visits": partial(rows.visits, first["visits"]),
        "investments": partial(
            rows.investments, first["investments"], draw=draw, project_ids=project_ids
        ),
    }
    reindex = None if postgres else _IndexAfter(connection)
    for name, count in counts.items():
        for start in range(0, count, BATCH):
            stop = min(count, start + BATCH)
            for statement in statements[name](start, stop):
                connection.execute(text(statement))
            if progress is not None:
                progress(name, stop)
    for table in rows.TEMPORARY_TABLES:
        table.drop(connection)
    if reindex is not None:
        reindex.finish()
    if postgres:
        advance_sequences(connection, (*TABLES.values(), Source.__table__))
    refresh_summaries(connection, REGISTRY, set(counts))
    return bump(connection)


def _untimed(connection: Connection) -> None:
    """No statement timeout for the rest of this transaction on PostgreSQL: the API's
    DB_STATEMENT_TIMEOUT_MS bounds requests, and a bulk load's statements take longer."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL statement_timeout = 0")


@contextmanager
def _bulk_sqlite(connection: Connection) -> Iterator[None]:
    """Bulk-load settings for this connection, put back afterwards: no fsync, a big page cache,
    and a rollback journal instead of the write-ahead log, so the new pages are written once
    (straight into the database file) rather than to the log and then copied. A rollback
    journal needs the only connection to the file; with others open, the log stays."""
    raw = connection.connection.dbapi_connection
    pragmas = ("synchronous", "cache_size", "temp_store", "journal_mode")
    before = {name: raw.execute(f"PRAGMA {name}").fetchone()[0] for name in pragmas}
    for pragma in ("synchronous=OFF", "cache_size=-262144", "temp_store=MEMORY"):
        raw.execute(f"PRAGMA {pragma}")
    with suppress(sqlite3.OperationalError):  # another connection has the file open
        raw.execute("PRAGMA journal_mode=DELETE")
    try:
        yield
    finally:
        for name, value in before.items():
            raw.execute(f"PRAGMA {name}={value}")


def _fill_templates(connection: Connection, world: generate.World, visits: int, rng) -> None:
    """The drawn visits and templates, in temporary tables the INSERT … SELECTs read."""
    drawn = {
        rows.VISITS: generate.visits(world, visits, rng),
        rows.PROJECTS: generate.project_templates(world, rng),
        rows.INVESTMENTS: generate.investment_templates(world, rng),
    }
    for table, values in drawn.items():
        table.create(connection)
        if values:
            connection.execute(insert(table), values)


def _world(connection: Connection) -> generate.World:
    countries = {
        code: (name, capital)
        for code, name, capital in connection.execute(
            select(Country.code, Country.name, Country.capital)
        )
    }
    if not countries:
        raise ValueError("the database has no countries: run `kca seed` before `kca synth`")
    people: dict[str, list] = {}
    for person_id, name, code in connection.execute(
        select(Person.id, Person.name, Person.country_code).order_by(Person.id)
    ):
        people.setdefault(code, []).append((person_id, name))
    taken = frozenset(
        tuple(row)
        for row in connection.execute(
            select(Visit.from_country, Visit.to_country, Visit.office, Visit.year)
        )
    )
    next_ids = {
        name: connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one() + 1
        for name, table in TABLES.items()
    }
    return generate.World(countries, people, taken, next_ids)


def _ensure_source(connection: Connection) -> None:
    if connection.execute(select(Source.id).where(Source.id == generate.SOURCE_ID)).first() is None:
        connection.execute(insert(Source), [generate.SOURCE])
        refresh_document(connection, SOURCES, generate.SOURCE_ID)


class _IndexAfter:
    """FTS5 indexes the new documents in one statement at the end instead of row by row
    through the insert trigger; the trigger is back before commit."""

    TRIGGER = "search_documents_ai"

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.after = connection.execute(
            select(func.coalesce(func.max(SearchDocument.id), 0))
        ).scalar_one()
        self.trigger_sql = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (self.TRIGGER,)
        ).scalar_one()
        connection.exec_driver_sql(f"DROP TRIGGER {self.TRIGGER}")

    def finish(self) -> None:
        self.connection.exec_driver_sql(
            "INSERT INTO search_fts (rowid, terms) "
            "SELECT id, terms FROM search_documents WHERE id > ?",
            (self.after,),
        )
        self.connection.exec_driver_sql(self.trigger_sql)
