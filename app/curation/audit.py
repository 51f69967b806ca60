"""The change log: every write and its before/after state, in the write's own transaction."""

from datetime import UTC, date, datetime

from sqlalchemy import Connection, insert

from app.curation.models import Change
from app.meta.version import bump
from app.query.registry import Registry
from app.query.resource import Resource

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
    resource: Resource,
    key,
    operation: str,
    before,
    after,
    reverts: int | None = None,
) -> int:
    """Bumps the dataset version, keeps the resource's summary in step and records the
    change; returns the change id."""
    version = bump(connection)
    if resource.summary is not None:
        resource.summary.apply_change(connection, before, after)
    entry = change_entry(token, version, resource.plural, key, operation, before, after)
    return connection.execute(
        insert(Change).values(**entry, reverts=reverts).returning(Change.id)
    ).scalar_one()


def log_changes(
    connection: Connection, token: str, changes: list[tuple], registry: Registry
) -> int:
    """Bumps the dataset version once and records every (plural, key, operation, before,
    after) change as part of it, in one statement; returns the version. The summary of each
    resource written is rebuilt (`registry` finds them), as a load may change many records."""
    version = bump(connection)
    refresh_summaries(connection, registry, {change[0] for change in changes})
    connection.execute(
        insert(Change), [change_entry(token, version, *change) for change in changes]
    )
    return version


def refresh_summaries(connection: Connection, registry: Registry, written: set[str]) -> None:
    """Rebuild the summaries of the resources named in `written` (plurals; a table no endpoint
    serves has none)."""
    for plural in written:
        resource = registry.by_plural.get(plural)
        if resource is not None and resource.summary is not None:
            resource.summary.refresh(connection)


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
