"""`kca synth`: bulk-load synthetic rows into any database, in one transaction.

SQLite gets `executemany` of compiled Core inserts (with the journal kept but not synced while
loading); PostgreSQL gets COPY. Search documents are written in the same batches, the dataset
version is bumped once, and ANALYZE runs at the end so planners see the new sizes.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.engine import Engine

from app.countries.models import Country
from app.investments.models import Investment
from app.meta.version import bump
from app.people.models import Person
from app.projects.models import Project
from app.search.models import SearchDocument
from app.sources.models import Source
from app.synth import generate
from app.visits.models import Visit

BATCH = 10_000
TABLES = {
    "visits": Visit.__table__,
    "projects": Project.__table__,
    "investments": Investment.__table__,
}
DOCUMENT_COLUMNS = ("resource", "record_key", "title", "body", "terms")


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
    rng = random.Random(seed)
    postgres = engine.dialect.name == "postgresql"
    with engine.connect() as connection:
        if not postgres:
            _fast_sqlite(connection)
        with connection.begin():
            world = _world(connection)
            _ensure_source(connection)
            plan = [
                ("projects", generate.projects(world, projects, rng, BATCH)),
                ("visits", generate.visits(world, visits, rng, BATCH)),
            ]
            first_project = world.next_ids["projects"]
            plan.append(
                (
                    "investments",
                    generate.investments(
                        world,
                        investments,
                        rng,
                        BATCH,
                        range(first_project, first_project + projects),
                    ),
                )
            )
            write = _copy if postgres else _executemany
            reindex = _IndexAfter(connection) if not postgres else None
            for name, batches in plan:
                done = 0
                for rows, documents in batches:
                    write(connection, TABLES[name], generate.COLUMNS[name], rows)
                    write(connection, SearchDocument.__table__, DOCUMENT_COLUMNS, documents)
                    done += len(rows)
                    report.documents += len(documents)
                    if progress is not None:
                        progress(name, done)
                report.rows[name] = done
            if reindex is not None:
                reindex.finish()
            if postgres:
                _advance_sequences(connection)
            report.version = bump(connection)
        # Fresh statistics, so planners see the new sizes (kept: ANALYZE's own transaction
        # is committed, or PostgreSQL would roll its statistics back).
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
        if not postgres:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.commit()
    report.seconds = time.perf_counter() - started
    return report


def _fast_sqlite(connection: Connection) -> None:
    """Bulk-load settings for this connection only: no fsync per commit, a big page cache."""
    raw = connection.connection.dbapi_connection
    for pragma in ("synchronous=OFF", "cache_size=-262144", "temp_store=MEMORY"):
        raw.execute(f"PRAGMA {pragma}")


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
        from app.search.build import refresh_document
        from app.sources.resource import SOURCES

        connection.execute(insert(Source), [generate.SOURCE])
        refresh_document(connection, SOURCES, generate.SOURCE_ID)


class _IndexAfter:
    """FTS5 indexes the new documents in one statement at the end instead of through the
    per-row insert trigger (several times faster); the trigger is back before commit."""

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


def _executemany(connection: Connection, table, columns, rows) -> None:
    statement = insert(table).compile(dialect=connection.dialect, column_keys=list(columns))
    connection.exec_driver_sql(str(statement), rows)


def _copy(connection: Connection, table, columns, rows) -> None:
    cursor = connection.connection.dbapi_connection.cursor()
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.close()


def _advance_sequences(connection: Connection) -> None:
    """COPY with explicit ids bypasses the sequences; move each past the largest id."""
    for table in TABLES.values():
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE(MAX(id), 0) + 1, false) FROM {table.name}"
            )
        )
