"""CSV and NDJSON answers: every matching row, streamed from a server-side cursor in batches,
so server memory stays flat however large the result."""

import contextlib
import io
import itertools
from collections.abc import Iterator

from fastapi import Request, Response

from app.export.cells import cell, csv_writer
from app.export.csv_sql import line_statement
from app.export.json_sql import record_statement, writes_records
from app.export.releasing import ReleasingStream
from app.head import asked_head
from app.http import STREAMED_CONTENT_TYPES, json_bytes
from app.query.includes import attach
from app.query.resource import Projection

BATCH = 5000


def stream_response(request: Request, resource, statement, projection, includes, fmt: str):
    engine = request.app.state.read_engine  # GETs only: the replica when there is one
    headers = {}
    if fmt == "csv":
        headers = {"Content-Disposition": f'attachment; filename="{resource.plural}.csv"'}
    if asked_head(request):
        return ReleasingStream.headers_only(
            request, media_type=STREAMED_CONTENT_TYPES[fmt], headers=headers
        )
    written = _written_by_database(statement, projection, includes, fmt, engine.dialect)
    lines_from_database = written is not None
    if lines_from_database:
        statement = written
    # Run the query (and read its first batch) before answering, so a failure is a problem
    # response, not a cut stream. What the stream holds goes to the answer, which closes it.
    with contextlib.ExitStack() as holding:
        holding.enter_context(request.app.state.streams.claim(request))
        connection = holding.enter_context(engine.connect())
        result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
            statement
        )
        holding.callback(result.close)
        # Reading a whole batch also empties the row SQLAlchemy reads ahead; the rest of a
        # one-text-column result needs none of its row processing, so comes from the cursor.
        first = result.fetchmany(BATCH) if lines_from_database else None
        holds = holding.pop_all()
    if lines_from_database:
        rest = _cursor_batches(result.cursor) if len(first) == BATCH else iter(())
        batches = itertools.chain([first], rest)
        body = _lines(_csv_header(projection) if fmt == "csv" else b"", batches)
    elif fmt == "csv":
        body = _csv(projection.names, result.partitions())
    else:
        body = _ndjson(connection, result.partitions(), projection, includes)
    return ReleasingStream(
        request,
        body,
        holds,
        media_type=STREAMED_CONTENT_TYPES[fmt],
        headers=headers,
    )


def records_response(records: list[dict], names: list[str], fmt: str, filename: str) -> Response:
    """A small result already in memory (stats groups, search hits) as CSV or NDJSON, written
    by the same writers as a streamed list: `names` are the CSV columns, in order."""
    if fmt == "csv":
        body = b"".join(_csv(names, [[[record[name] for name in names] for record in records]]))
        headers = {"Content-Disposition": f'attachment; filename="{filename}.csv"'}
    else:
        body, headers = _json_lines(records), None
    return Response(body, media_type=STREAMED_CONTENT_TYPES[fmt], headers=headers)


def _written_by_database(statement, projection, includes, fmt: str, dialect):
    """The statement that has the database write each CSV line or JSON record; None when
    Python writes them: embedded records, or a column type the SQL writers do not know (a
    change's timestamp and JSON documents)."""
    try:
        if fmt == "csv":
            return line_statement(statement, dialect)
        if not includes and writes_records(dialect):
            return record_statement(statement, projection, dialect)
    except TypeError:
        return None
    return None


def _cursor_batches(cursor) -> Iterator[list]:
    while batch := cursor.fetchmany(BATCH):
        yield batch


def _csv_header(projection: Projection) -> bytes:
    header = io.StringIO()
    csv_writer(header).writerow(projection.names)
    return header.getvalue().encode()


def _csv(names: list[str], batches) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(names)
    for batch in batches:
        writer.writerows([[cell(value) for value in row] for row in batch])
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # the header alone, when nothing matched
        yield buffer.getvalue().encode()


def _lines(first: bytes, batches) -> Iterator[bytes]:
    """Each batch of lines the database wrote (app/export/csv_sql.py, json_sql.py), joined."""
    if first:
        yield first
    for rows in batches:
        lines = [line for (line,) in rows]
        lines.append("")  # so the batch ends with a newline too
        yield "\n".join(lines).encode()


def _ndjson(connection, batches, projection: Projection, includes) -> Iterator[bytes]:
    """Records shaped in Python; embedded records are read on the stream's own connection (a
    second one per stream could leave every stream holding one and waiting for another)."""
    shape = projection.shaper()
    for batch in batches:
        records = [shape(row) for row in batch]
        if includes:
            attach(connection, includes, records, [tuple(row)[-len(includes) :] for row in batch])
        yield _json_lines(records)


def _json_lines(records: list[dict]) -> bytes:
    lines = list(map(json_bytes, records))
    lines.append(b"")
    return b"\n".join(lines)
