"""`include=`: embed related records with one query per include for a whole batch of rows."""

from collections import defaultdict
from typing import Any

from sqlalchemy import or_, select

from app.errors import invalid_parameter
from app.query.names import closest, split_names
from app.query.resource import Include, Resource, expressions


def chosen_includes(resource: Resource, text: str | None) -> dict[str, Include]:
    chosen = {}
    for name in split_names(text, "include"):
        if name not in resource.includes:
            raise invalid_parameter(
                "include", f"Unknown include '{name}'.{closest(name, resource.includes)}"
            )
        chosen[name] = resource.includes[name]
    return chosen


def include_columns(includes: dict[str, Include]) -> list:
    """Hidden columns a statement must carry so the includes can find their related rows."""
    return [include.local.label(f"_include_{name}") for name, include in includes.items()]


def attach(connection, includes: dict[str, Include], records: list[dict], locals_: list[tuple]):
    """Add each include to each record; `locals_[i]` holds record i's include-column values."""
    for position, (name, include) in enumerate(includes.items()):
        values = {row[position] for row in locals_ if row[position] is not None}
        related = _fetch(connection, include, values) if values else {}
        for record, row in zip(records, locals_, strict=True):
            found = related.get(row[position], [])
            record[name] = found if include.many else (found[0] if found else None)


def _fetch(connection, include: Include, values: set) -> dict[Any, list[dict]]:
    target = include.target
    projection = target.projection(None)
    shape = projection.shaper()
    matches = [column.label(f"_match{i}") for i, column in enumerate(include.remote)]
    statement = (
        select(*expressions(target, projection), *matches)
        .select_from(target.from_clause)
        .where(or_(*(column.in_(values) for column in include.remote)))
        .order_by(target.key)
    )
    width = len(projection.names)
    grouped: dict[Any, list[dict]] = defaultdict(list)
    for row in connection.execute(statement):
        record = shape(row)
        for value in set(row[width:]):
            if value in values:
                grouped[value].append(record)
    return grouped
