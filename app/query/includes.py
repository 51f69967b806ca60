"""`include=`: embed related records with one query per include for a whole batch of rows."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import bindparam, or_, select

from app.errors import invalid_parameter
from app.query.names import closest, split_names
from app.query.prepared import REQUEST, Prepared, Reader
from app.query.resource import Include, Resource, expressions

Fetch = Callable[[Include, set], Iterable]
"""`(include, values) -> rows` of `related_statement` for those values of the include's
local column."""


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


def related_statement(include: Include, match: Callable):
    """The target's records whose remote columns (any of them) satisfy `match(column)`, in the
    target's key order, each followed by its remote columns' values."""
    target = include.target
    projection = target.projection(None)
    matches = [column.label(f"_match{i}") for i, column in enumerate(include.remote)]
    return (
        select(*expressions(target, projection), *matches)
        .select_from(target.from_clause)
        .where(or_(*(match(column) for column in include.remote)))
        .order_by(target.key)
    )


def prepared_fetch(plans, reader: Reader) -> Fetch:
    """Fetches for `attach` on `reader`, for a page, a record or a stream's batch alike: one
    statement per include, its IN list padded to a power of two (repeating a value) so that a
    few statements, compiled once and kept in `plans` (an LRUCache), serve every batch."""

    def fetch(include: Include, values: set) -> list:
        wanted = list(values)
        size = 1 << (len(wanted) - 1).bit_length()

        def build() -> Prepared:
            listed = [bindparam(f"{REQUEST}v{i}") for i in range(size)]
            statement = related_statement(include, lambda column: column.in_(listed))
            return Prepared(statement, reader.dialect)

        statement = plans.get(("include", include, size), build)
        return statement.rows(reader, {f"v{i}": wanted[i % len(wanted)] for i in range(size)})

    return fetch


def attach(fetch: Fetch, includes: dict[str, Include], records: list[dict], locals_: list[tuple]):
    """Add each include to each record; `locals_[i]` holds record i's include-column values."""
    for position, (name, include) in enumerate(includes.items()):
        values = {row[position] for row in locals_ if row[position] is not None}
        related = _grouped(include, fetch(include, values), values) if values else {}
        for record, row in zip(records, locals_, strict=True):
            found = related.get(row[position], [])
            record[name] = found if include.many else (found[0] if found else None)


def _grouped(include: Include, rows: Iterable, values: set) -> dict[Any, list[dict]]:
    projection = include.target.projection(None)
    shape = projection.shaper()
    width = len(projection.names)
    grouped: dict[Any, list[dict]] = defaultdict(list)
    for row in rows:
        record = shape(row)
        for value in set(row[width:]):
            if value in values:
                grouped[value].append(record)
    return grouped
