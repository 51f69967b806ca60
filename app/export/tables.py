"""Tables as CSV in the `seeds/` format: one row per record in key order, empty cell for null,
`true`/`false` for booleans. `kca seed` reads this format; the data package and seed export
write it, through the same CSV writer as a list's `format=csv`."""

from typing import IO

from sqlalchemy import Connection, func, select

from app.query.registry import SeedTable
from app.query.streaming import csv_body


def write_table(connection: Connection, spec: SeedTable, handle: IO[bytes]) -> int:
    """Writes the table's seed columns to `handle`; returns the number of rows."""
    table = spec.table
    statement = select(*(table.c[name] for name in spec.columns)).order_by(
        *table.primary_key.columns
    )
    count = connection.scalar(select(func.count()).select_from(table))
    result, body = csv_body(connection, statement, spec.columns)
    with result:
        for chunk in body:
            handle.write(chunk)
    return count
