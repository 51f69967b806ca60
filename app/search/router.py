import functools
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import Field

from app.errors import invalid_parameter, problem_responses
from app.http import answer_format
from app.query import executor
from app.query.cursor import decode_cursor, encode_cursor
from app.query.executor import LRUCache, Timing, run_reads
from app.query.filters import FilterSet
from app.query.grammar import SEARCHABLE, format_field, name_list_pattern
from app.query.listing import page_json
from app.query.names import closest, split_names
from app.query.prepared import Prepared
from app.query.registry import Registry
from app.query.routes import STREAMS, PageLinks
from app.query.streaming import records_response
from app.routing import new_router
from app.search.index import count_statement, match_query, ranked_statement, snippet

LIMIT = 100
"""The most hits one page holds."""
FormatParameter, format_parameter = format_field(
    "hold every hit from the cursor's position on (or `limit` hits when given)"
)


class Hit(FilterSet):
    type: str
    id: int | str
    title: str
    snippet: str = Field(description="Excerpt, HTML-escaped, with matches in <mark>…</mark>.")
    href: str
    score: float


class SearchMeta(FilterSet):
    q: str = Field(description="The search as given.")
    total: int = Field(description="Every hit the query finds, over all pages.")
    returned: int = Field(description="How many hits `data` holds.")
    limit: int


class SearchAnswer(FilterSet):
    data: list[Hit]
    meta: SearchMeta
    links: PageLinks


def _offset(value) -> int:
    """A cursor's position: how many hits earlier pages held."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31:
        return value
    raise ValueError(value)


@functools.cache  # one per registry, as app.query.grammar.list_query_model
def search_query(registry: Registry) -> type[FilterSet]:
    """The parameters of `GET /v1/search`, whose `types` are the registry's resources."""
    by_plural = registry.by_plural

    class SearchQuery(FilterSet):
        q: str = Field(
            min_length=1,
            max_length=200,
            json_schema_extra={"pattern": SEARCHABLE},
            description="Words to find; each must match the start of a word in the record.",
            examples=["moon tashkent"],
        )
        types: str | None = Field(
            None,
            max_length=200,
            json_schema_extra={"pattern": name_list_pattern(by_plural)},
            description="Comma-separated record types to search. Allowed: "
            + ", ".join(f"`{name}`" for name in by_plural)
            + ". Default: all.",
            examples=["visits,projects"],
        )
        limit: int = Field(
            20, ge=1, le=LIMIT, description=f"Hits per page (1–{LIMIT}).", examples=[20]
        )
        cursor: str | None = Field(
            None,
            max_length=1000,
            description="Opaque position from a previous page's `links.next`.",
            examples=["eyJvIjoiMTIzNDU2Nzg5MGFiIiwidiI6WzIwXX0"],
        )
        format: FormatParameter = format_parameter

    return SearchQuery


def search_routes(registry: Registry) -> APIRouter:
    """`GET /v1/search` over the registry's resources (the `types` it accepts)."""
    by_plural, SearchQuery = registry.by_plural, search_query(registry)
    router = new_router(tags=["search"])
    plans = LRUCache(lambda: executor.PLANS)
    timings = LRUCache(lambda: executor.QUERIES)
    """Each query string's Timing (where its next run may be)."""

    def plan(dialect, types: tuple[str, ...], limited: bool) -> "SearchPlan":
        """The statements of a search of this shape, compiled once."""

        def build() -> SearchPlan:
            count = Prepared(count_statement(dialect.name, types), dialect)
            return SearchPlan(
                Prepared(ranked_statement(dialect.name, types, limited), dialect), count
            )

        return plans.get((dialect.name, types, limited), build)

    @router.get(
        "/v1/search",
        summary="Search every record type",
        description="Full-text search across every record type, best match first, paged by "
        "`links.next`; `meta.total` counts every hit. `format=csv|ndjson` (or the Accept "
        "header) answers every hit.",
        operation_id="search",
        responses={200: {"model": SearchAnswer, "content": STREAMS}, **problem_responses(400)},
    )
    async def search(request: Request, params: Annotated[SearchQuery, Query()]):
        types = split_names(params.types, "types")
        for name in types:
            if name not in by_plural:
                raise invalid_parameter(
                    "types", f"Unknown type '{name}'.{closest(name, by_plural)}"
                )
        order = f"search\n{params.q}\n{params.types or ''}"
        offset = 0
        if params.cursor is not None:
            (offset,) = decode_cursor(params.cursor, order, ((_offset, False),))
        fmt = answer_format(request.headers.get("accept", ""), params.format)
        dialect = request.app.state.read_engine.dialect
        values = {"query": match_query(dialect.name, params.q), "offset": offset}
        limited = fmt == "json" or "limit" in params.model_fields_set
        statements = plan(dialect, tuple(types), limited)
        if fmt == "json":
            values["limit"] = params.limit + 1  # the one more tells whether a next page exists
        elif limited:
            values["limit"] = params.limit

        def answer(reader) -> Response:
            """Shaped and written where the statements ran: snippets and a CSV of every hit
            are work the event loop should not wait for, unless the last run was quick."""
            hits = statements.hits.rows(reader, values)
            if fmt != "json":
                data = [_hit(by_plural, hit, params.q) for hit in hits]
                return records_response(data, list(Hit.model_fields), fmt, "search")
            page, more = hits[: params.limit], len(hits) > params.limit
            total = offset + len(page)
            if more or offset:
                total = statements.count.rows(reader, {"query": values["query"]})[0][0]
            meta = {"q": params.q, "total": total, "returned": len(page), "limit": params.limit}
            data = [_hit(by_plural, hit, params.q) for hit in page]
            token = encode_cursor(order, (offset + len(page),)) if more else None
            return page_json(request, {"data": data, "meta": meta}, token)

        timing = timings.get(request.url.query, Timing)
        return await run_reads(request, answer, timing=timing)

    return router


@dataclass(frozen=True)
class SearchPlan:
    hits: Prepared
    """Rows of HIT_COLUMNS (app.search.index), best first."""
    count: Prepared


def _hit(by_plural, hit, q: str) -> dict:
    plural, key, title, body, score = hit
    resource = by_plural[plural]
    return {
        "type": resource.plural,
        "id": int(key) if resource.key.type.python_type is int else key,
        "title": title,
        "snippet": snippet(body, q),
        "href": f"/v1/{resource.plural}/{key}",
        "score": round(float(score), 6),
    }
