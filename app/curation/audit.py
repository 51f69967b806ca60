"""The change log: every write and its before/after state, in the write's own transaction."""

from datetime import UTC, datetime

from sqlalchemy import Connection, insert

from app.curation.models import Change
from app.meta.version import bump


def jsonable(values: dict | None) -> dict | None:
    if values is None:
        return None
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in values.items()}


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
    return connection.execute(
        insert(Change)
        .values(
            at=datetime.now(UTC),
            token=token,
            resource=resource,
            record_key=str(key),
            operation=operation,
            before=jsonable(before),
            after=jsonable(after),
            version=version,
            reverts=reverts,
        )
        .returning(Change.id)
    ).scalar_one()
