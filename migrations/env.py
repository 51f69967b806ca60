"""Alembic environment: the app's metadata, batch mode on SQLite, the URL from settings."""

from alembic import context
from sqlalchemy import create_engine, pool

from app.config import get_settings
from app.db import sqlite_transactions
from app.models import Base
from app.search.models import FULL_TEXT_OBJECTS

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Skip the full-text objects the models cannot describe (FTS5 tables, tsvector column)."""
    return not (reflected and compare_to is None and name.startswith(FULL_TEXT_OBJECTS))


def database_url() -> str:
    return config.get_main_option("sqlalchemy.url") or get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        # No foreign-key pragma here: SQLite batch mode rebuilds tables, which it must not block.
        engine = create_engine(database_url(), poolclass=pool.NullPool)
        if engine.dialect.name == "sqlite":
            sqlite_transactions(engine)  # a failing revision rolls back the whole run
        with engine.connect() as connection:
            _run(connection)
        engine.dispose()
    else:
        _run(connectable)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        # One transaction for the whole run on SQLite too (see sqlite_transactions).
        transactional_ddl=True,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
