"""The change log: every write and its before/after state, in the write's own transaction."""

from datetime import UTC, date, datetime

from sqlalchemy import Connection, insert

from app.curation.models import Change
from app.investments.totals import apply_change, refresh
from app.meta.version import bump

SEED_ACTOR = "seed"
"""The `token` of the changes `kca seed` makes (no curator token may take this name)."""


def jsonable(values: dict | None) -> dict | None:
    if values is None:
        return None
    # Dates (initiatives, agreements) and timestamps as ISO 8601, as the JSON answers give them.
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def log_change(
    connection: Connection,
    token: str,
    resource: str,
    key,
    operation: str,
    before,
    after,
    reverts: int | None = None,
) -> int:
    """Bumps the dataset version and records the change; returns the change id."""
    version = bump(connection)
    apply_change(connection, resource, before, after)
    entry = change_entry(token, version, resource, key, operation, before, after)
    return connection.execute(
        insert(Change).values(**entry, reverts=reverts).returning(Change.id)
    ).scalar_one()


def log_changes(connection: Connection, token: str, changes: list[tuple]) -> int:
    """Bumps the dataset version once and records every (resource, key, operation, before,
    after) change as part of it, in one statement; returns the version. (The money figures'
    totals are rebuilt: a load may change many, or records they depend on.)"""
    version = bump(connection)
    refresh(connection)
    connection.execute(
        insert(Change), [change_entry(token, version, *change) for change in changes]
    )
    return version


def change_entry(token: str, version: int, resource: str, key, operation: str, before, after):
    return {
        "at": datetime.now(UTC),
        "token": token,
        "resource": resource,
        "record_key": str(key),
        "operation": operation,
        "before": jsonable(before),
        "after": jsonable(after),
        "version": version,
    }
