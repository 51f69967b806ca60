"""CSV and NDJSON answers: every matching row, streamed from a server-side cursor in batches,
so server memory stays flat however large the result."""

import csv
import io
import itertools
from collections.abc import Iterator

from fastapi import Request
from fastapi.responses import StreamingResponse

from app.export.csv_sql import line_statement
from app.export.json_sql import record_statement, writes_records
from app.query.includes import attach
from app.query.listing import json_bytes
from app.query.resource import Projection

BATCH = 5000
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}


def stream_response(request: Request, resource, statement, projection, includes, fmt: str):
    engine = request.app.state.read_engine  # GETs only: the replica when there is one
    headers = {}
    lines_from_database = fmt == "csv" or (not includes and writes_records(engine.dialect))
    if fmt == "csv":
        statement = line_statement(statement, engine.dialect)
        headers = {"Content-Disposition": f'attachment; filename="{resource.plural}.csv"'}
    elif lines_from_database:
        statement = record_statement(statement, projection)
    # Run the query (and read its first batch) before answering, so a failure is a problem
    # response, not a cut stream.
    connection = engine.connect()
    try:
        result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
            statement
        )
        # Reading a whole batch also empties the row SQLAlchemy reads ahead; the rest of a
        # one-text-column result needs none of its row processing, so comes from the cursor.
        first = result.fetchmany(BATCH) if lines_from_database else None
    except BaseException:
        connection.close()
        raise
    if lines_from_database:
        rest = _cursor_batches(result.cursor) if len(first) == BATCH else iter(())
        batches = _held(connection, result, itertools.chain([first], rest))
        body = _lines(_csv_header(projection) if fmt == "csv" else b"", batches)
    else:
        batches = _held(connection, result, result.partitions())
        body = _ndjson(engine, batches, projection, includes)
    return StreamingResponse(body, media_type=MEDIA_TYPES[fmt], headers=headers)


def _cursor_batches(cursor) -> Iterator[list]:
    while batch := cursor.fetchmany(BATCH):
        yield batch


def _held(connection, result, batches) -> Iterator[list]:
    """The batches; the connection is held only while the answer streams."""
    try:
        yield from batches
    finally:
        result.close()
        connection.close()


def _csv_header(projection: Projection) -> bytes:
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(projection.names)
    return header.getvalue().encode()


def _lines(first: bytes, batches) -> Iterator[bytes]:
    """Each batch of lines the database wrote (app/export/csv_sql.py, json_sql.py), joined."""
    if first:
        yield first
    for rows in batches:
        lines = [line for (line,) in rows]
        lines.append("")  # so the batch ends with a newline too
        yield "\n".join(lines).encode()


def _ndjson(engine, batches, projection: Projection, includes) -> Iterator[bytes]:
    shape = projection.shaper()
    for batch in batches:
        records = [shape(row) for row in batch]
        if includes:
            with engine.connect() as connection:
                attach(
                    connection, includes, records, [tuple(row)[-len(includes) :] for row in batch]
                )
        lines = list(map(json_bytes, records))
        lines.append(b"")
        yield b"\n".join(lines)
