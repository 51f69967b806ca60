"""The one code path behind every list endpoint: filter, order, page, shape, respond. (Records:
app.query.records.)"""

from collections import defaultdict
from typing import Any

from fastapi import Request, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.citations.reports import is_reported, known_on
from app.errors import invalid_parameter
from app.http import answer_format, chosen_language, json_response
from app.query.cursor import encode_cursor
from app.query.filters import Directory, FilterSet
from app.query.includes import attach, chosen_includes, executed_on, include_columns
from app.query.names import closest, split_names
from app.query.resource import Resource, expressions
from app.query.sorting import after, signature, sort_keys
from app.query.streaming import stream_response
from app.search.index import match_query, search_condition


def display_language(request: Request, resource: Resource, params: FilterSet) -> str | None:
    """The language of the answer's display names (`lang`, else Accept-Language), for a
    resource that has names in several; None for the others."""
    if not resource.languages:
        return None
    accept = request.headers.get("accept-language", "")
    return chosen_language(getattr(params, "lang", None), accept, resource.languages)


def in_language(response: Response, lang: str | None) -> Response:
    """Says which language the names are in, and that Accept-Language may change them."""
    if lang is not None:
        response.headers["Content-Language"] = lang
        vary = response.headers.get("Vary")
        response.headers["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"
    return response


def filter_conditions(
    session: Session, resource: Resource, params: FilterSet, with_reference_check: bool = True
) -> list:
    """WHERE clauses for every filter the request set, after checking bounds and (unless the
    caller does it itself, see `list_response`) that the values naming records name some."""
    active = params.active_filters()
    if with_reference_check:
        _check_filter_references_on(session, active)
    check_bounds({f.alias or n: getattr(params, n) for n, f in type(params).model_fields.items()})
    conditions = [flt.clause(value) for _, flt, value in active]
    if is_reported(resource.table) and getattr(params, "as_of", None) is None:
        conditions.append(known_on(resource.table))  # the latest report of each chain
    q = getattr(params, "q", None)
    if q is not None:
        dialect = session.get_bind().dialect.name
        conditions.append(search_condition(resource, dialect, match_query(dialect, q)))
    return conditions


def list_response(
    request: Request, session: Session, resource: Resource, params: FilterSet
) -> Response:
    fmt = answer_format(request.headers.get("accept", ""), params.format)
    keys = sort_keys(resource, params.sort)
    projection = resource.projection(params.fields)
    includes = chosen_includes(resource, getattr(params, "include", None))
    facets = _facet_names(resource, getattr(params, "facet", None))
    conditions = filter_conditions(session, resource, params, with_reference_check=False)
    lang = display_language(request, resource, params)

    position = None if params.cursor is None else after(keys, params.cursor)
    statement = page_statement(
        resource, projection, keys, includes, conditions, position, fmt, lang
    )

    if fmt != "json":
        _check_filter_references_on(session, params.active_filters())
        if includes and fmt == "csv":
            raise invalid_parameter("include", "CSV has no room for embedded records; use JSON.")
        if "limit" in params.model_fields_set:
            statement = statement.limit(params.limit)
        # The stream has a connection of its own; the session's would otherwise stay checked
        # out until the last byte is sent.
        session.close()
        return in_language(
            stream_response(request, resource, statement, projection, includes, fmt), lang
        )

    rows = session.execute(statement.limit(params.limit + 1)).all()
    page, more = rows[: params.limit], len(rows) > params.limit
    if not page or _references_need_checking(params):
        # A row that matched a single-valued reference filter proves the value exists
        # (a foreign key), so the check costs a query only for lists and empty pages.
        _check_filter_references_on(session, params.active_filters())
    width, key_count = len(projection.names), len(keys)
    shape = projection.shaper()
    data = [shape(row) for row in page]
    attach(executed_on(session), includes, data, [tuple(row[width + key_count :]) for row in page])

    meta: dict[str, Any] = {"total": None, "limit": params.limit, "returned": len(page)}
    if params.count != "none":
        meta.update(_total(session, resource, conditions, params, page, more, keys))
    if facets:
        meta["facets"] = {name: _facet(session, resource, name, conditions) for name in facets}

    last = tuple(page[-1][width : width + key_count]) if more else None
    return in_language(page_answer(request, data, meta, keys, last), lang)


def page_statement(
    resource, projection, keys, includes, conditions, position=None, fmt="json", lang=None
):
    """The page's SELECT: fields, then (for JSON, whose cursors need them) the sort keys, then
    the include columns; filtered, after `position` when paging on, in the order's keys."""
    cursor_columns = [key.expression.label(f"_key{i}") for i, key in enumerate(keys)]
    statement = (
        select(
            *expressions(resource, projection, lang),
            *(cursor_columns if fmt == "json" else []),
            *include_columns(includes),
        )
        .select_from(resource.from_clause)
        .where(*conditions)
    )
    if position is not None:
        statement = statement.where(position)
    return statement.order_by(*(key.sql() for key in keys))


def page_answer(request: Request, data: list, meta: dict, keys, last: tuple | None) -> Response:
    """The page's JSON; `last` (the sort-key values of its last row) when more rows follow
    gives the `links.next` cursor and a Link header."""
    token = None if last is None else encode_cursor(signature(keys), last)
    return page_json(request, {"data": data, "meta": meta}, token)


def page_json(request: Request, body: dict, token: str | None) -> Response:
    """`body` with `links.next`, the request's URL with `cursor=token` (null without a token),
    and the same link in a Link header. The link is root-relative, like every `href`, so no
    answer depends on the Host header the client (or anyone) sent."""
    next_url = None
    if token is not None:
        following = request.url.include_query_params(cursor=token)
        next_url = f"{following.path}?{following.query}"
    response = json_response({**body, "links": {"next": next_url}})
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


COUNT_LIMIT = 1_000
"""`count=auto` counts exactly up to this many matching rows; beyond it the total is left
out (`total_at_least` says so), so a list over a million rows never counts them all."""


def _total(session, resource: Resource, conditions, params, page, more, keys) -> dict[str, Any]:
    if params.cursor is None and not more:
        return {"total": len(page)}  # the first page holds everything: nothing to count
    if params.count == "exact":
        counted = select(func.count()).select_from(resource.from_clause).where(*conditions)
        return {"total": session.execute(counted).scalar_one()}
    return capped_total(session.execute(capped_count(resource, conditions, keys)).scalar_one())


def capped_count(resource: Resource, conditions, keys):
    """Counts matches up to COUNT_LIMIT + 1, in the page's order, so the count reads the same
    index as the page and stops as soon: without the order a planner may gather every match
    first (an either-side filter's two indexes, say) and only then apply the limit."""
    capped = (
        select(resource.key)
        .select_from(resource.from_clause)
        .where(*conditions)
        .order_by(*(key.sql() for key in keys))
        .limit(COUNT_LIMIT + 1)
        .subquery()
    )
    return select(func.count()).select_from(capped)


def capped_total(found: int) -> dict[str, Any]:
    if found <= COUNT_LIMIT:
        return {"total": found}
    return {"total": None, "total_at_least": found}


def _references_need_checking(params: FilterSet) -> bool:
    """True when a reference filter takes several values: a match proves only one exists."""
    return any(
        flt.references is not None and isinstance(value, tuple)
        for _, flt, value in params.active_filters()
    )


def _facet_names(resource: Resource, text: str | None) -> list[str]:
    names = split_names(text, "facet")
    for name in names:
        if name not in resource.groups:
            raise invalid_parameter(
                "facet", f"Unknown facet '{name}'.{closest(name, resource.groups)}"
            )
    return list(dict.fromkeys(names))


def _facet(session, resource: Resource, name: str, conditions) -> list[dict]:
    dimension = resource.groups[name].label("value")
    count = func.count().label("count")
    statement = (
        select(dimension, count)
        .select_from(resource.from_clause)
        .where(*conditions)
        .group_by(resource.groups[name])
        .order_by(count.desc(), resource.groups[name])
    )
    return [{"value": value, "count": n} for value, n in session.execute(statement)]


def _check_filter_references_on(session: Session, active) -> None:
    check_filter_references(
        active,
        lambda column, values: set(
            session.scalars(
                select(column) if values is None else select(column).where(column.in_(values))
            )
        ),
    )


def check_filter_references(active, existing) -> None:
    """A filter value that names a record (a country code, a person) must name one that exists.
    `active`: (parameter, filter, value) in the query model's order; `existing(column,
    values)`: those of `values` that `column` holds (every value it holds when `values` is
    None: a Directory's spellings, to suggest the nearest)."""
    wanted: dict[Any, list[tuple[str, Any]]] = defaultdict(list)
    for name, flt, value in active:
        if flt.references is not None:
            for item in value if isinstance(value, tuple) else (value,):
                wanted[flt.references].append((name, item))
    for ref, pairs in wanted.items():
        column = ref.column if isinstance(ref, Directory) else ref
        found = existing(column, {value for _, value in pairs})
        for name, value in pairs:
            if value in found:
                continue
            if isinstance(ref, Directory):
                raise invalid_parameter(name, ref.unknown(name, value, existing(column, None)))
            raise invalid_parameter(
                name, f"'{name}': no {column.table.name} record has {column.key} {value!r}."
            )


def check_bounds(values: dict[str, Any]) -> None:
    """`year_from` above `year_to`, or `min_x` above `max_x`, is a mistake, not an empty result.
    `values`: parameter name → value (None or missing when not given)."""
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
