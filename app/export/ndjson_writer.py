"""The one NDJSON writer: each record as `app.http.json_bytes` (orjson) writes it, one a line, for
every NDJSON the API writes (lists, stats, search).

orjson is the definition, and `record_statement` has the database write the same bytes (tests/
export compare the two on awkward values), because at a million rows only SQL-side formatting
keeps a stream free of per-row Python. Records with embedded records, and column types the SQL
form does not know (refused with a TypeError), go through `written`.

SQLite writes the record with `json_object`, whose compact form and string escapes are
orjson's.

PostgreSQL's `json_build_object` spaces its colons and commas (`{"a" : 1, "b" : 2}`), but
`row_to_json` writes a row compactly, its keys in column order, and escapes strings as orjson
does: `\\"`, `\\\\`, `\\b \\f \\n \\r \\t`, other control characters as lowercase `\\u00xx`,
everything else (non-ASCII, U+2028, "/") as it is. So each object of the record is a LATERAL
subquery of labelled columns, a nested object being a whole-row reference to an earlier one
(written as an object, never null, as the Python shaper writes it). The planner flattens them
into ROW expressions, and joined ON true they keep the query's rows and order.
"""

from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Integer,
    Select,
    String,
    Text,
    case,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.engine import Dialect

from app.http import json_bytes
from app.query.resource import Projection


def written(records: list[dict]) -> bytes:
    """Each record as orjson writes it, every line ending in "\\n"."""
    lines = list(map(json_bytes, records))
    lines.append(b"")
    return b"\n".join(lines)


def writes_records(dialect: Dialect) -> bool:
    return dialect.name in ("sqlite", "postgresql")


def record_statement(statement: Select, projection: Projection, dialect: Dialect) -> Select:
    """The same query (joins, filters, order, limit), selecting one column: the JSON record.
    The projected fields are the statement's first columns, in the projection's order."""
    tree: dict[str, Any] = {}
    for path, column in zip(projection.paths, statement.selected_columns, strict=False):
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = _value(column, dialect)
    if dialect.name == "sqlite":
        record = _object(tree)
    else:
        laterals: list = []
        # As text: the driver would parse a json column back into dicts.
        record = func.row_to_json(_row(tree, laterals)).cast(Text)
        statement = _joined(statement, laterals)
    return statement.with_only_columns(record.label("record"), maintain_column_froms=True)


def _object(node: dict[str, Any]):
    members = []
    for name, value in node.items():
        members += [literal(name, String), _object(value) if isinstance(value, dict) else value]
    return func.json_object(*members)


def _row(node: dict[str, Any], laterals: list):
    """A whole-row reference to the object's subquery, appended to `laterals` after those of
    the objects nested in it (a LATERAL sees only what comes before it)."""
    columns = [
        (_row(value, laterals) if isinstance(value, dict) else value).label(name)
        for name, value in node.items()
    ]
    # Every column comes from the enclosing query; correlate all of them, even when that
    # leaves the subquery no FROM of its own.
    lateral = select(*columns).correlate_except(None).lateral()
    laterals.append(lateral)
    return lateral.table_valued()


def _joined(statement: Select, laterals: list) -> Select:
    """The statement with the subqueries joined ON true, in order: one row each, so the
    query's rows stay as they were (a join, not a comma, so nothing reads as a cartesian
    product). A statement with no FROM of its own starts from the first."""
    joined = bool(statement.get_final_froms())
    for lateral in laterals:
        statement = statement.join(lateral, true()) if joined else statement.select_from(lateral)
        joined = True
    return statement


def _value(column, dialect: Dialect):
    if isinstance(column.type, Boolean):
        if dialect.name != "sqlite":
            return column  # a real boolean, written true/false/null
        # stored as 0/1; json() marks the text as JSON
        return func.json(case((column, literal("true")), (~column, literal("false")), else_="null"))
    if isinstance(column.type, Integer | String | Date):
        # A date is ISO 8601 text in SQLite and written ISO 8601 by row_to_json, as orjson does.
        return column
    raise TypeError(
        f"No SQL JSON format for {column.name!r} ({column.type!r}): teach"
        " app/export/ndjson_writer.py how orjson writes it."
    )
