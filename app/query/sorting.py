"""`sort=-year,name`: parsing against a whitelist, ORDER BY, and keyset positions.

Nullable sort columns get a hidden "is null" key first, so NULLs come last in either direction
on SQLite and PostgreSQL alike, and a keyset position can sit inside the NULL group.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ColumnElement, and_, case, literal, or_

from app.errors import invalid_parameter
from app.query.cursor import Reader, decode_cursor, flag, integer, text, timestamp
from app.query.names import closest, split_names
from app.query.resource import Resource


@dataclass(frozen=True)
class SortKey:
    expression: Any
    descending: bool
    nullable: bool

    def sql(self):
        return self.expression.desc() if self.descending else self.expression.asc()


def sortable(resource: Resource) -> dict[str, Any]:
    """Fields `sort=` accepts: the scalar top-level fields, descriptions, labels (a country's
    name beside its code, which sorts as the code does not) and JSON documents (a change's
    before/after, which PostgreSQL cannot order) aside."""
    return {
        name: expression
        for name, expression in resource.fields.items()
        if "." not in name
        and name not in resource.labels
        and name != "description"
        and not isinstance(getattr(expression, "type", None), JSON)
    }


def sort_keys(resource: Resource, text: str | None) -> tuple[SortKey, ...]:
    """The full key list for a request: the asked-for or default order, then the primary key."""
    if text is None:
        chosen = [(column, descending) for column, descending in resource.order]
    else:
        allowed = sortable(resource)
        chosen, seen = [], set()
        for item in split_names(text, "sort") or [""]:
            descending = item.startswith("-")
            name = item.removeprefix("-")
            if name not in allowed:
                raise invalid_parameter(
                    "sort", f"Unknown sort key '{name}'.{closest(name, allowed)}"
                )
            if name in seen:
                raise invalid_parameter("sort", f"Sort key '{name}' is given twice.")
            seen.add(name)
            chosen.append((allowed[name], descending))
    keys: list[SortKey] = []
    for expression, descending in chosen:
        nullable = _nullable(resource, expression)
        if nullable:
            keys.append(SortKey(case((expression.is_(None), 1), else_=0), False, False))
        keys.append(SortKey(expression, descending, nullable))
        if expression is resource.key:
            return tuple(keys)  # the key is unique: nothing after it can matter
    keys.append(SortKey(resource.key, False, False))
    return tuple(keys)


def signature(keys: tuple[SortKey, ...]) -> str:
    """Names the order a cursor belongs to, so a cursor from another order is refused."""
    return ",".join(("-" if k.descending else "") + str(k.expression) for k in keys)


def after(keys: tuple[SortKey, ...], token: str) -> ColumnElement[bool]:
    """Rows strictly after the cursor position in this order (keyset paging, no OFFSET)."""
    values = cursor_values(keys, token)
    bounds = [
        None if value is None else literal(value, key.expression.type)
        for value, key in zip(values, keys, strict=True)
    ]
    return position_after(keys, bounds)


def cursor_values(keys: tuple[SortKey, ...], token: str) -> tuple:
    """The sort-key values a cursor holds, checked against this order and the keys' types."""
    return decode_cursor(
        token, signature(keys), tuple((_reader(key.expression), key.nullable) for key in keys)
    )


def position_after(keys: tuple[SortKey, ...], bounds: list) -> ColumnElement[bool]:
    """Rows strictly after the position whose key values are `bounds` (SQL values, or None
    for a NULL)."""
    branches = []
    for i, key in enumerate(keys):
        if bounds[i] is None:
            continue  # inside the NULL group every value ties; later keys decide
        ties = [_equal(keys[j].expression, bounds[j]) for j in range(i)]
        step = key.expression < bounds[i] if key.descending else key.expression > bounds[i]
        branches.append(and_(*ties, step))
    return or_(*branches)


def _nullable(resource: Resource, expression) -> bool:
    """Joined columns can be NULL through an outer join whatever their own constraint says."""
    column = getattr(expression, "expression", expression)
    if getattr(column, "table", None) is not resource.table:
        return True
    return bool(getattr(column, "nullable", True))


def _equal(expression, bound):
    return expression.is_(None) if bound is None else expression == bound


def _reader(expression) -> Reader:
    """How a cursor's value for this sort key is checked (see app.query.cursor)."""
    try:
        kind = expression.type.python_type
    except NotImplementedError:  # the "is null" keys: 0 or 1
        kind = int
    if kind is bool:
        return flag
    if kind is str:
        return text
    if kind is datetime:
        return timestamp
    return integer(64 if isinstance(expression.type, BigInteger) else 32)
