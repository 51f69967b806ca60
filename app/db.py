"""Declarative base with a constraint naming convention, engines and the session dependency.

The application owns its engines (`create_app(engine=..., read_engine=...)`), so tests and tools
can hand it any database; requests reach them through `request.app.state`: `engine` is the
primary, `read_engine` serves GETs (the primary itself unless DATABASE_READ_URL names a replica).
"""

import logging
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Connection, MetaData, Table, UniqueConstraint, create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session

from app.config import Settings

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


NUMBERED = {"sqlite_autoincrement": True}
"""Table options of the tables whose records the database numbers: SQLite then never gives a
deleted record's id to another (PostgreSQL sequences never go back anyway)."""


def unique_keys(table: Table) -> list[list[str]]:
    """The column lists no two rows may share: the primary key, then each unique constraint."""
    return [[column.name for column in table.primary_key.columns]] + [
        [column.name for column in constraint.columns]
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint)
    ]


def advance_sequences(connection: Connection, tables) -> None:
    """Rows inserted with explicit ids bypass PostgreSQL sequences: move each sequence past
    the largest id, never back (an id once given out stays spent)."""
    for table in tables:
        if not table.dialect_kwargs.get("sqlite_autoincrement"):
            continue  # not NUMBERED: keyed by name, code or paragraph number
        (key,) = table.primary_key.columns
        connection.execute(
            text(
                f"SELECT setval(sequence, top) FROM (SELECT pg_get_serial_sequence(:table, :column)"
                f"::regclass AS sequence, MAX({key.name}) AS top FROM {table.name}) AS t "
                "WHERE sequence IS NOT NULL AND top > COALESCE(pg_sequence_last_value(sequence), 0)"
            ),
            {"table": table.name, "column": key.name},
        )


def make_engine(url: str, settings=None) -> Engine:
    """An engine with the project's settings: bounded waits everywhere, so a database outage
    gives quick 503 answers instead of hung requests."""
    settings = settings or Settings(database_url=url)
    if url.startswith("sqlite"):
        # A file cannot drop a connection, so no ping per checkout; unless DB_POOL_SIZE says
        # otherwise the pool holds one connection per thread of the request threadpool (40),
        # so none is opened per request. The most recently returned connection is handed out
        # first: its page cache is the warm one.
        pooled = {}
        if _file_url(url):
            size = settings.db_pool_size if "db_pool_size" in settings.model_fields_set else 40
            pooled = {
                "pool_size": size,
                "max_overflow": size // 5,
                "pool_timeout": settings.db_pool_timeout,
                "pool_use_lifo": True,
            }
        engine = create_engine(url, connect_args={"timeout": 15}, **pooled)
        sqlite_transactions(engine)
        event.listen(engine, "connect", _sqlite_setup)
        return engine
    # Timestamps come back in UTC, so answers are the same whatever the server's zone.
    options = f"-c timezone=UTC -c statement_timeout={settings.db_statement_timeout_ms}"
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_pool_size // 2,
        pool_timeout=settings.db_pool_timeout,
        connect_args={"options": options, "connect_timeout": settings.db_connect_timeout},
    )


def _file_url(url: str) -> bool:
    return url not in ("sqlite://", "sqlite:///") and ":memory:" not in url


def writer(engine: Engine) -> Engine:
    """The engine for read-modify-write transactions: on SQLite they take the write lock at
    BEGIN, so two writers queue instead of both reading the old row."""
    return engine.execution_options(sqlite_immediate=True)


def sqlite_transactions(engine: Engine) -> None:
    """Transactions on `engine` begin with SQLAlchemy's: left to itself, the sqlite3 module
    commits before every CREATE, DROP or ALTER, so a failing migration would stay half done."""
    event.listen(engine, "connect", _sqlite_manual_begin)
    event.listen(engine, "begin", _sqlite_begin)


def _sqlite_manual_begin(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # _sqlite_begin issues BEGIN


def _sqlite_setup(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Write-ahead logging: readers never wait for a writer, and a writer never for readers.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
    # SQLite's lower() folds ASCII only; PostgreSQL folds every script. Match PostgreSQL so a
    # case-insensitive filter finds the same rows on both.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _sqlite_begin(connection) -> None:
    immediate = connection.get_execution_options().get("sqlite_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def get_session(request: Request) -> Iterator[Session]:
    if request.method in ("GET", "HEAD"):
        # Reads go to the read engine (a replica when DATABASE_READ_URL is set) and cannot
        # write, whatever a bug might try (PostgreSQL: READ ONLY transactions).
        engine = request.app.state.read_engine.execution_options(postgresql_readonly=True)
    else:
        # Writes, and the token and If-Match checks they make, read the primary.
        engine = request.app.state.engine
    session = Session(engine)
    try:
        yield session
    finally:
        try:
            session.close()
        except SQLAlchemyError:
            # The connection broke after the answer was made (a database restart, say);
            # the pool discards it, and there is nothing left to tell the client.
            log.warning("closing a session failed; connection discarded", exc_info=True)


SessionDep = Annotated[Session, Depends(get_session)]
