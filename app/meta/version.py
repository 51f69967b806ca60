"""The dataset version: one row, bumped in the same transaction as every change to the data."""

from datetime import UTC, datetime

from sqlalchemy import Connection, select, update

from app.meta.models import DatasetVersion


def current(connection: Connection) -> tuple[int, datetime]:
    row = connection.execute(select(DatasetVersion.version, DatasetVersion.changed_at)).one()
    changed_at = row.changed_at
    if changed_at.tzinfo is None:  # SQLite keeps no zone; the value was written in UTC
        changed_at = changed_at.replace(tzinfo=UTC)
    return row.version, changed_at


def bump(connection: Connection) -> int:
    connection.execute(
        update(DatasetVersion)
        .where(DatasetVersion.id == 1)
        .values(version=DatasetVersion.version + 1, changed_at=datetime.now(UTC))
    )
    return current(connection)[0]
