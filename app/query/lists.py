"""`GET /v1/<plural>`: the one executor of every list answer (and the timeline's, whose
resource is a UNION of tables).

`ListReader` is the list route's `shortcut` (app.query.routing). It reads the query string with
the route's own query model, once per query string, Accept-Language and Accept format (a link
followed by many), and compiles a plan once per shape (app.query.conditions): which filters,
fields, order, includes, facets, count, cursor and display language. A JSON page then runs, on
one pooled connection in one snapshot, the page's prepared statement; the filters' reference
check when the page is empty or its rows cannot prove that the records the filters name
exist (app.query.references, the rule stats follow too); one statement per include; the
count; one statement per facet. A CSV or NDJSON answer streams the plan's
statement, the page's without its cursor columns, through the format's one writer
(app.query.streaming).

As every executor (app.query.executor.Executor), it answers every valid request; the
endpoint body is not a second path.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import bindparam, func, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from app.errors import invalid_parameter
from app.http import answer_format
from app.query.conditions import bound_filters
from app.query.executor import Executor, Timing, run_reads
from app.query.filters import EitherEquals, Equals, FilterSet
from app.query.includes import attach, chosen_includes, prepared_fetch
from app.query.listing import (
    capped_count,
    capped_total,
    check_bounds,
    display_language,
    facet_names,
    facet_statement,
    in_language,
    page_answer,
    page_statement,
)
from app.query.prepared import REQUEST, Prepared
from app.query.references import check_references, proven_by_a_match
from app.query.resource import Include
from app.query.sorting import cursor_values, position_after, sort_keys
from app.query.streaming import stream_response


class ListReader(Executor):
    """`GET /v1/<plural>` for one resource."""

    async def __call__(self, request: Request) -> Response | None:
        """The answer; None (the endpoint's validation answers) for an invalid query string."""
        headers = request.headers
        accept_language = headers.get("accept-language", "") if self.resource.languages else ""
        try:
            query = self.queries.get(
                (
                    request.scope["query_string"],
                    accept_language,
                    answer_format(headers.get("accept", "")),
                ),
                lambda: self._read(request, self._params(request)),
            )
        except ValidationError:
            return None
        return await self._answer(request, query)

    async def answer(self, request: Request, params: FilterSet) -> Response:
        """The answer for parameters the endpoint has already parsed."""
        return await self._answer(request, self._read(request, params))

    def _read(self, request: Request, params: FilterSet) -> "ListQuery":
        """What `params` ask for, with the plan; checked in the order the errors are named."""
        resource = self.resource
        fmt = answer_format(request.headers.get("accept", ""), params.format)
        keys = sort_keys(resource, params.sort)
        projection = resource.projection(params.fields)
        includes = chosen_includes(resource, getattr(params, "include", None))
        facets = facet_names(resource, getattr(params, "facet", None))
        check_bounds(
            {f.alias or n: getattr(params, n) for n, f in type(params).model_fields.items()}
        )
        dialect = request.app.state.read_engine.dialect
        bound = bound_filters(resource, params, dialect.name)
        lang = display_language(request, resource, params)
        position = None if params.cursor is None else cursor_values(keys, params.cursor)
        active = params.active_filters()
        shape = (
            fmt,
            projection.names,
            params.sort,
            tuple(includes),
            tuple(facets),
            params.count,
            bound.shape,
            None if position is None else tuple(value is None for value in position),
            lang,
        )

        def build() -> ListPlan:
            conditions = bound.conditions()
            after = None
            if position is not None:
                bounds = [
                    None
                    if value is None
                    else bindparam(f"{REQUEST}after{i}", type_=k.expression.type)
                    for i, (value, k) in enumerate(zip(position, keys, strict=True))
                ]
                after = position_after(keys, bounds)
            statement = page_statement(
                resource, projection, keys, includes, conditions, after, fmt, lang
            )
            if fmt != "json":
                return ListPlan(statement=statement)
            page, counted = statement, False
            if params.count == "exact":
                count = select(func.count()).select_from(resource.from_clause).where(*conditions)
            elif bound.matches is not None:
                # A search finds its matches once per request: the page and its capped count
                # (its last column) read them from one materialized CTE.
                matched = bound.matches().cte("matched").prefix_with("MATERIALIZED")
                searched = [*bound.unsearched(), resource.key.in_(select(matched.c.record_key))]
                # The matches are found already: the count stops at the cap in the order it
                # reads them (in the key's order PostgreSQL would look up and sort them all).
                count = capped_count(resource, searched, ())
                if params.count == "auto":
                    page = page_statement(
                        resource, projection, keys, includes, searched, after, fmt, lang
                    ).add_columns(count.scalar_subquery().label("_total"))
                    counted = True
            else:
                count = capped_count(resource, conditions, keys)
            plain = not includes and not facets and params.count != "exact"
            return ListPlan(
                statement=statement,
                page=Prepared(page.limit(bindparam(f"{REQUEST}limit")), dialect),
                count=Prepared(count, dialect),
                counted=counted,
                facets={
                    name: Prepared(facet_statement(resource, name, conditions), dialect)
                    for name in facets
                },
                shape=projection.shaper(),
                width=len(projection.names),
                # Index-served by construction (tests/query/test_plans.py): equality filters in
                # the default order. Those run on the event loop; anything else (a range, a
                # search, an include, a facet) only once its last run was quick (Timing).
                inline=dialect.name == "sqlite"
                and plain
                and params.sort is None
                and "q" not in bound.values
                and all(isinstance(flt, Equals | EitherEquals) for _, flt, _ in active),
            )

        return ListQuery(
            plan=self.plans.get(shape, build),
            fmt=fmt,
            keys=keys,
            projection=projection,
            includes=includes,
            lang=lang,
            limit=params.limit,
            limited="limit" in params.model_fields_set,
            cursor=position is not None,
            count=params.count,
            values=bound.values,
            after={f"after{i}": v for i, v in enumerate(position or ()) if v is not None},
            references=[item for item in active if item[1].references is not None],
            proven_by_a_row=proven_by_a_match(active),
        )

    async def _answer(self, request: Request, query: "ListQuery") -> Response:
        if query.fmt != "json":
            return await self._stream(request, query)
        plan, limit = query.plan, query.limit
        width, key_count = plan.width, len(query.keys)

        def work(reader):
            rows = plan.page.rows(reader, {**query.values, **query.after, "limit": limit + 1})
            counted = None
            if plan.counted:
                counted = rows[0][-1] if rows else None
                rows = [row[:-1] for row in rows]
            page, more = rows[:limit], len(rows) > limit
            if not page or not query.proven_by_a_row:
                check_references(self.plans, reader, query.references)
            data = [plan.shape(row) for row in page]
            if query.includes:
                locals_ = [tuple(row[width + key_count :]) for row in page]
                attach(prepared_fetch(self.plans, reader), query.includes, data, locals_)
            meta: dict[str, Any] = {"total": None, "limit": limit, "returned": len(page)}
            if query.count != "none":
                if not query.cursor and not more:
                    meta["total"] = len(page)  # the first page holds everything
                else:
                    found = counted
                    if found is None:
                        found = plan.count.rows(reader, query.values)[0][0]
                    meta.update({"total": found} if query.count == "exact" else capped_total(found))
            if plan.facets:
                meta["facets"] = {
                    name: [
                        {"value": v, "count": n} for v, n in statement.rows(reader, query.values)
                    ]
                    for name, statement in plan.facets.items()
                }
            last = tuple(page[-1][width : width + key_count]) if more else None
            return data, meta, last

        data, meta, last = await run_reads(request, work, plan.inline, query.timing)
        response = page_answer(request, data, meta, query.keys, last)
        in_language(response.headers, query.lang)
        return response

    async def _stream(self, request: Request, query: "ListQuery") -> Response:
        if query.references:
            await run_reads(
                request,
                lambda reader: check_references(self.plans, reader, query.references),
                False,
            )
        if query.includes and query.fmt == "csv":
            raise invalid_parameter("include", "CSV has no room for embedded records; use JSON.")
        values = {**query.values, **query.after}
        statement = query.plan.statement.params({REQUEST + k: v for k, v in values.items()})
        if query.limited:
            statement = statement.limit(query.limit)
        # In a worker thread: the stream waits for a pooled connection and runs its first
        # batch before answering, which on the event loop would stall every other request.
        response = await run_in_threadpool(
            stream_response,
            request,
            self.resource,
            statement,
            query.projection,
            query.includes,
            query.fmt,
            self.plans,
        )
        in_language(response.headers, query.lang)
        return response


@dataclass(frozen=True)
class ListPlan:
    statement: Any
    """The page's SELECT over bind parameters (what a stream runs, its values set)."""
    page: Prepared | None = None
    count: Prepared | None = None
    counted: bool = False
    """The page's rows end with the capped count (a search's, see `build`); the count
    statement then runs only when the page is empty."""
    facets: dict[str, Prepared] | None = None
    shape: Callable | None = None
    """Row → record (see Projection.shaper)."""
    width: int = 0
    """Columns of the record; the sort keys' values follow them, then the include columns."""
    inline: bool = False
    """Cheap enough to run on the event loop rather than in a worker thread."""


@dataclass(frozen=True)
class ListQuery:
    """A query string, read: its plan and the values its statements take."""

    plan: ListPlan
    fmt: str
    keys: tuple
    projection: Any
    includes: dict[str, Include]
    lang: str | None
    limit: int
    limited: bool
    """`limit` was given (a stream is cut at it only then)."""
    cursor: bool
    count: str
    values: dict[str, Any]
    """Filter values by bind parameter (see app.query.conditions)."""
    after: dict[str, Any]
    """Cursor values by bind parameter (`after0`, ...)."""
    references: list
    """(parameter, filter, value) of the reference filters, in the query model's order."""
    proven_by_a_row: bool
    """Whether any row of the page shows that every record a filter value names exists."""
    timing: Timing = field(default_factory=Timing)
