"""CSV and NDJSON answers: every matching row, streamed from a server-side cursor in batches,
so server memory stays flat however large the result. The lines come from the one writer of
each format (app/export/csv_writer.py, ndjson_writer.py): written by the database when it can,
else in Python."""

import contextlib
import itertools
from collections.abc import Iterator

from fastapi import Request, Response
from sqlalchemy import Connection, CursorResult, Select

from app.export import csv_writer, ndjson_writer
from app.export.releasing import ReleasingStream
from app.head import asked_head
from app.http import STREAMED_CONTENT_TYPES
from app.query.includes import attach, prepared_fetch
from app.query.prepared import Reader
from app.query.resource import Projection

BATCH = 5000


def stream_response(request: Request, resource, statement, projection, includes, fmt: str, plans):
    """The stream of `statement`'s records in `fmt`; `plans` (an LRUCache) keeps the
    statements that fetch embedded records."""
    engine = request.app.state.read_engine  # GETs only: the replica when there is one
    headers = {}
    if fmt == "csv":
        headers = {"Content-Disposition": f'attachment; filename="{resource.plural}.csv"'}
    if asked_head(request):
        return ReleasingStream.headers_only(
            request, media_type=STREAMED_CONTENT_TYPES[fmt], headers=headers
        )
    # Run the query (and read its first batch) before answering, so a failure is a problem
    # response, not a cut stream. What the stream holds goes to the answer, which closes it.
    with contextlib.ExitStack() as holding:
        holding.enter_context(request.app.state.streams.claim(request))
        connection = holding.enter_context(engine.connect())
        if fmt == "csv":
            result, body = csv_body(connection, statement, projection.names)
        else:
            result, body = _ndjson_body(connection, statement, projection, includes, plans)
        holding.callback(result.close)
        holds = holding.pop_all()
    return ReleasingStream(
        request,
        body,
        holds,
        media_type=STREAMED_CONTENT_TYPES[fmt],
        headers=headers,
    )


def csv_body(
    connection: Connection, statement: Select, names: list[str]
) -> tuple[CursorResult, Iterator[bytes]]:
    """Runs `statement` and returns its result (for the caller to close) and the CSV: the
    header, then every row, written by the database unless a column type rules that out."""
    try:
        lines = csv_writer.line_statement(statement, connection.dialect)
    except TypeError:
        result = _execute(connection, statement)
        return result, csv_writer.lines(names, result.partitions())
    result = _execute(connection, lines)
    return result, _database_lines(csv_writer.header(names), result)


def records_response(records: list[dict], names: list[str], fmt: str, filename: str) -> Response:
    """A small result already in memory (stats groups, search hits) as CSV or NDJSON, written
    by the same writers as a streamed list: `names` are the CSV columns, in order."""
    if fmt == "csv":
        rows = [[record[name] for name in names] for record in records]
        body = b"".join(csv_writer.lines(names, [rows]))
        headers = {"Content-Disposition": f'attachment; filename="{filename}.csv"'}
    else:
        body, headers = ndjson_writer.written(records), None
    return Response(body, media_type=STREAMED_CONTENT_TYPES[fmt], headers=headers)


def _ndjson_body(
    connection: Connection, statement: Select, projection: Projection, includes, plans
) -> tuple[CursorResult, Iterator[bytes]]:
    """Records written by the database, unless they embed records or a column type rules
    that out; then shaped in Python, embedded records read on the stream's own connection (a
    second one per stream could leave every stream holding one and waiting for another)."""
    if not includes and ndjson_writer.writes_records(connection.dialect):
        try:
            records = ndjson_writer.record_statement(statement, projection, connection.dialect)
        except TypeError:
            pass
        else:
            result = _execute(connection, records)
            return result, _database_lines(b"", result)
    result = _execute(connection, statement)
    shape = projection.shaper()

    def body() -> Iterator[bytes]:
        # The includes' cursor, beside the stream's on the same connection.
        with contextlib.closing(connection.connection.cursor()) as cursor:
            fetch = prepared_fetch(plans, Reader(connection.engine, cursor))
            for batch in result.partitions():
                records = [shape(row) for row in batch]
                if includes:
                    keys = [tuple(row)[-len(includes) :] for row in batch]
                    attach(fetch, includes, records, keys)
                yield ndjson_writer.written(records)

    return result, body()


def _execute(connection: Connection, statement: Select) -> CursorResult:
    return connection.execution_options(stream_results=True, yield_per=BATCH).execute(statement)


def _database_lines(first: bytes, result: CursorResult) -> Iterator[bytes]:
    """`first`, then each batch of the lines the database wrote, joined. The first batch is
    read now, so a failing query fails before the answer starts; reading a whole batch also
    empties the row SQLAlchemy reads ahead, and the rest of a one-text-column result needs
    none of its row processing, so comes from the cursor."""
    batch = result.fetchmany(BATCH)
    rest = _cursor_batches(result.cursor) if len(batch) == BATCH else iter(())
    return _joined(first, itertools.chain([batch], rest))


def _cursor_batches(cursor) -> Iterator[list]:
    while batch := cursor.fetchmany(BATCH):
        yield batch


def _joined(first: bytes, batches) -> Iterator[bytes]:
    if first:
        yield first
    for rows in batches:
        lines = [line for (line,) in rows]
        lines.append("")  # so the batch ends with a newline too
        yield "\n".join(lines).encode()
