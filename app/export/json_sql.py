"""NDJSON records written by the database: on SQLite each row comes back as one text column
holding exactly the bytes `orjson.dumps` writes for the record (`json_object` writes the same
compact form and escapes strings the same way), so no row is shaped into a dict in Python.
PostgreSQL's `json_build_object` spaces its output differently, so there the API keeps
shaping records itself."""

from typing import Any

from sqlalchemy import Boolean, Integer, Select, String, case, func, literal
from sqlalchemy.engine import Dialect

from app.query.resource import Projection


def writes_records(dialect: Dialect) -> bool:
    return dialect.name == "sqlite"


def record_statement(statement: Select, projection: Projection) -> Select:
    """The same query (joins, filters, order, limit), selecting one column: the JSON record.
    The projected fields are the statement's first columns, in the projection's order."""
    tree: dict[str, Any] = {}
    for path, column in zip(projection.paths, statement.selected_columns, strict=False):
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = _value(column)
    return statement.with_only_columns(_object(tree).label("record"), maintain_column_froms=True)


def _object(node: dict[str, Any]):
    members = []
    for name, value in node.items():
        members += [literal(name, String), _object(value) if isinstance(value, dict) else value]
    return func.json_object(*members)


def _value(column):
    if isinstance(column.type, Boolean):  # stored as 0/1; json() marks the text as JSON
        return func.json(case((column, literal("true")), (~column, literal("false")), else_="null"))
    if isinstance(column.type, Integer | String):
        return column
    raise TypeError(
        f"No SQL JSON format for {column.name!r} ({column.type!r}): teach json_sql how"
        " orjson writes it."
    )
