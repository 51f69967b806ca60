"""What a list answer is built from: the page's statements (page, counts, facets), its checks
(bounds, references), its display language and its JSON. The executor is app.query.lists."""

from collections import defaultdict
from collections.abc import MutableMapping
from typing import Any

from fastapi import Request, Response
from sqlalchemy import func, select

from app.errors import invalid_parameter
from app.http import chosen_language, json_response
from app.query.cursor import encode_cursor
from app.query.executor import QUERIES, LRUCache
from app.query.filters import Directory, FilterSet
from app.query.includes import include_columns
from app.query.names import closest, split_names
from app.query.resource import Resource, expressions
from app.query.sorting import signature


def display_language(request: Request, resource: Resource, params: FilterSet) -> str | None:
    """The language of the answer's display names (`lang`, else Accept-Language), for a
    resource that has names in several; None for the others."""
    if not resource.languages:
        return None
    accept = request.headers.get("accept-language", "")
    return chosen_language(getattr(params, "lang", None), accept, resource.languages)


def in_language(headers: MutableMapping[str, str], lang: str | None) -> None:
    """Says which language the names are in, and that Accept-Language may change them: on an
    answer's headers (`response.headers`, or the dict an answer is about to be made with)."""
    if lang is not None:
        headers["Content-Language"] = lang
        vary = headers.get("Vary")
        headers["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"


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
        scope = request.scope
        key = (scope["path"], scope["query_string"])
        next_url = _LINKS.get(key, lambda: _link_before_cursor(request)) + token
    response = json_response({**body, "links": {"next": next_url}})
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


_LINKS = LRUCache(lambda: QUERIES)
"""A list's next link up to its cursor's value, per path and query string."""
_TOKEN = "cursor"
"""Stands for the token while a link is made: a token is base64url, which encoding leaves
as it is, so the link is this prefix and the token."""


def _link_before_cursor(request: Request) -> str:
    """The request's URL with `cursor=` last, as Starlette's `include_query_params` writes
    it, up to the cursor's value (parsing and encoding the query cost ~30 µs a page)."""
    following = request.url.include_query_params(cursor=_TOKEN)
    return f"{following.path}?{following.query}".removesuffix(_TOKEN)


COUNT_LIMIT = 1_000
"""`count=auto` counts exactly up to this many matching rows; beyond it the total is left
out (`total_at_least` says so), so a list over a million rows never counts them all."""


def capped_count(resource: Resource, conditions, keys):
    """Counts matches up to COUNT_LIMIT + 1, in the page's order, so the count reads the same
    index as the page and stops as soon: without the order a planner may gather every match
    first (an either-side filter's two indexes, say) and only then apply the limit. With no
    `keys`, in no order: for matches already gathered (a search's, app.query.lists)."""
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


def facet_names(resource: Resource, text: str | None) -> list[str]:
    """The dimensions `facet=` asks for, each once, in the order asked."""
    names = split_names(text, "facet")
    for name in names:
        if name not in resource.groups:
            raise invalid_parameter(
                "facet", f"Unknown facet '{name}'.{closest(name, resource.groups)}"
            )
    return list(dict.fromkeys(names))


def facet_statement(resource: Resource, name: str, conditions):
    """(value, count) of the matching records by dimension `name`, the commonest first."""
    dimension = resource.groups[name].label("value")
    count = func.count().label("count")
    return (
        select(dimension, count)
        .select_from(resource.from_clause)
        .where(*conditions)
        .group_by(resource.groups[name])
        .order_by(count.desc(), resource.groups[name])
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
