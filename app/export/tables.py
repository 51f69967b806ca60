"""Tables as CSV in the `seeds/` format: one row per record in key order, empty cell for null,
`true`/`false` for booleans. `kca seed` reads this format; the data package and seed export
write it."""

from collections.abc import Iterator
from typing import IO

from sqlalchemy import Connection, select

from app.export.cells import cell, csv_writer
from app.query.registry import SeedTable

BATCH = 5000


def write_table(connection: Connection, spec: SeedTable, handle: IO[str]) -> int:
    """Writes the table's seed columns to `handle`; returns the number of rows."""
    writer = csv_writer(handle)
    columns = spec.columns
    writer.writerow(columns)
    count = 0
    for batch in _batches(connection, spec, columns):
        writer.writerows([[cell(value) for value in row] for row in batch])
        count += len(batch)
    return count


def _batches(connection: Connection, spec: SeedTable, columns: list[str]) -> Iterator[list]:
    table = spec.table
    statement = select(*(table.c[name] for name in columns)).order_by(*table.primary_key.columns)
    result = connection.execution_options(stream_results=True, max_row_buffer=BATCH).execute(
        statement
    )
    yield from result.partitions(BATCH)
