"""CSV and NDJSON answers: every matching row, streamed from a server-side cursor in batches,
so server memory stays flat however large the result."""

import csv
import io
from collections.abc import Iterator

from fastapi import Request
from fastapi.responses import StreamingResponse

from app.export.csv_sql import line_statement
from app.query.includes import attach
from app.query.listing import json_bytes
from app.query.resource import Projection

BATCH = 5000
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}


def stream_response(request: Request, resource, statement, projection, includes, fmt: str):
    engine = request.app.state.read_engine  # GETs only: the replica when there is one
    if fmt == "csv":
        statement = line_statement(statement, engine.dialect)
    # Run the query before answering, so a failure is a problem response, not a cut stream.
    connection = engine.connect()
    try:
        result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
            statement
        )
    except BaseException:
        connection.close()
        raise
    if fmt == "csv":
        body = _csv(_rows(connection, result.scalars()), projection)
        headers = {"Content-Disposition": f'attachment; filename="{resource.plural}.csv"'}
    else:
        body = _ndjson(engine, _rows(connection, result), projection, includes)
        headers = {}
    return StreamingResponse(body, media_type=MEDIA_TYPES[fmt], headers=headers)


def _rows(connection, result) -> Iterator[list]:
    """Batches of rows; the connection is held only while the answer streams."""
    try:
        yield from result.partitions()
    finally:
        result.close()
        connection.close()


def _csv(batches, projection: Projection) -> Iterator[bytes]:
    """The header, then each batch of lines the database wrote (see app/export/csv_sql.py)."""
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(projection.names)
    yield header.getvalue().encode()
    for lines in batches:
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
        yield b"".join(json_bytes(record) + b"\n" for record in records)
