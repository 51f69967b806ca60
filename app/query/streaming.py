"""CSV and NDJSON answers: every matching row, streamed from a server-side cursor in batches,
so server memory stays flat however large the result."""

import csv
import io
from collections.abc import Iterator

from fastapi import Request
from fastapi.responses import StreamingResponse

from app.export.cells import cell
from app.query.includes import attach
from app.query.listing import json_bytes
from app.query.resource import Projection

BATCH = 2000
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}


def stream_response(request: Request, resource, statement, projection, includes, fmt: str):
    engine = request.app.state.read_engine  # GETs only: the replica when there is one
    # Run the query before answering, so a failure is a problem response, not a cut stream.
    connection = engine.connect()
    try:
        result = connection.execution_options(stream_results=True, max_row_buffer=BATCH).execute(
            statement
        )
    except BaseException:
        connection.close()
        raise
    rows = _rows(connection, result)
    if fmt == "csv":
        body = _csv(rows, projection, _has_booleans(resource, projection))
        headers = {"Content-Disposition": f'attachment; filename="{resource.plural}.csv"'}
    else:
        body = _ndjson(engine, rows, projection, includes)
        headers = {}
    return StreamingResponse(body, media_type=MEDIA_TYPES[fmt], headers=headers)


def _rows(connection, result) -> Iterator[list]:
    """Batches of rows; the connection is held only while the answer streams."""
    try:
        yield from result.partitions(BATCH)
    finally:
        result.close()
        connection.close()


def _has_booleans(resource, projection: Projection) -> bool:
    def boolean(expression) -> bool:
        try:
            return expression.type.python_type is bool
        except NotImplementedError:
            return False

    return any(boolean(resource.fields[name]) for name in projection.names)


def _csv(batches, projection: Projection, booleans: bool) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(projection.names)
    for batch in batches:
        if booleans:
            writer.writerows([[cell(value) for value in row] for row in batch])
        else:
            writer.writerows(batch)  # csv writes None as an empty cell already
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # the header alone, when nothing matched
        yield buffer.getvalue().encode()


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
