"""The one code path behind every list and record endpoint: filter, order, page, shape, respond.

A resource describes itself once with a `Resource`: which SQL expression feeds each output field
(dotted names nest: `citation.source.title`), what to join, and its default order. Routes hand
that description and the validated parameters to `list_response` or `record_response`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import orjson
from fastapi import Request, Response
from sqlalchemy import ColumnElement, FromClause, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from app.errors import invalid_parameter, not_found
from app.query.cursor import decode_cursor, encode_cursor
from app.query.filters import ListParams


@dataclass(frozen=True)
class Resource:
    name: str
    """Singular noun for messages ("visit")."""
    source: FromClause
    """The table, with the joins the fields need."""
    fields: dict[str, Any]
    """Output field (dotted for nesting) → SQL expression."""
    key: Any
    """The primary-key column: what `/{id}` matches and the final tie-breaker of every order."""
    order: tuple[tuple[Any, bool], ...] = ()
    """Default sort as (column, descending) pairs, before the key. Columns must be NOT NULL."""
    _paths: tuple[tuple[str, ...], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_paths", tuple(tuple(n.split(".")) for n in self.fields))

    @property
    def sort_keys(self) -> tuple[tuple[Any, bool], ...]:
        return (*self.order, (self.key, False))

    def select(self):
        labelled = [expr.label(name) for name, expr in self.fields.items()]
        keys = [column.label(f"_key{i}") for i, (column, _) in enumerate(self.sort_keys)]
        return select(*labelled, *keys).select_from(self.source)

    def shape(self, row) -> dict[str, Any]:
        """One result row as a nested dict, in field order."""
        record: dict[str, Any] = {}
        for path, value in zip(self._paths, row, strict=False):
            target = record
            for part in path[:-1]:
                target = target.setdefault(part, {})
            target[path[-1]] = value
        return record


def json_response(body: Any, status_code: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status_code, media_type="application/json")


def record_response(session: Session, resource: Resource, key: Any) -> Response:
    row = session.execute(resource.select().where(resource.key == key)).first()
    if row is None:
        raise not_found(resource.name, key)
    return json_response(resource.shape(row))


def list_response(
    session: Session, resource: Resource, params: ListParams, request: Request
) -> Response:
    conditions = _conditions(session, params)
    statement = resource.select().where(*conditions)
    if params.cursor is not None:
        statement = statement.where(_after(resource, params.cursor))
    statement = statement.order_by(
        *(
            column.desc() if descending else column.asc()
            for column, descending in resource.sort_keys
        )
    ).limit(params.limit + 1)
    rows = session.execute(statement).all()
    total = session.execute(
        select(func.count()).select_from(resource.source).where(*conditions)
    ).scalar_one()

    page, more = rows[: params.limit], len(rows) > params.limit
    next_url = None
    if more:
        width = len(resource.fields)
        token = encode_cursor(tuple(page[-1][width:]))
        next_url = str(request.url.include_query_params(cursor=token))
    body = {
        "data": [resource.shape(row) for row in page],
        "meta": {"total": total, "limit": params.limit, "returned": len(page)},
        "links": {"next": next_url},
    }
    response = json_response(body)
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


def _conditions(session: Session, params: ListParams) -> list[ColumnElement[bool]]:
    active = params.active_filters()
    _check_references(session, active)
    _check_bounds(params)
    return [flt.clause(value) for _, flt, value in active]


def _check_references(session: Session, active) -> None:
    """A filter value that names a record (a country code, a person) must name one that exists."""
    wanted: dict[Any, list[tuple[str, Any]]] = defaultdict(list)
    for name, flt, value in active:
        if flt.references is not None:
            wanted[flt.references].append((name, value))
    for column, pairs in wanted.items():
        values = {value for _, value in pairs}
        found = set(session.scalars(select(column).where(column.in_(values))))
        for name, value in pairs:
            if value not in found:
                raise invalid_parameter(
                    name, f"'{name}': no {column.table.name} record has {column.key} {value!r}."
                )


def _check_bounds(params: ListParams) -> None:
    """`year_from` above `year_to`, or `min_x` above `max_x`, is a mistake, not an empty result."""
    values = params.model_dump(by_alias=True)
    for low_name, low in values.items():
        if low_name.endswith("_from"):
            high_name = low_name.removesuffix("_from") + "_to"
        elif low_name.startswith("min_"):
            high_name = "max_" + low_name.removeprefix("min_")
        else:
            continue
        high = values.get(high_name)
        if low is not None and high is not None and low > high:
            raise invalid_parameter(
                low_name, f"'{low_name}' ({low}) is greater than '{high_name}' ({high})."
            )


def _after(resource: Resource, token: str) -> ColumnElement[bool]:
    """Rows strictly after the cursor position in the resource's sort order (keyset paging)."""
    keys = resource.sort_keys
    values = decode_cursor(token, tuple(column.type.python_type for column, _ in keys))
    branches = []
    bounds = [literal(value, column.type) for value, (column, _) in zip(values, keys, strict=True)]
    for i, (column, descending) in enumerate(keys):
        ties = [keys[j][0] == bounds[j] for j in range(i)]
        step = column < bounds[i] if descending else column > bounds[i]
        branches.append(and_(*ties, step))
    return or_(*branches)
