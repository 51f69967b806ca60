from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from app.db import SessionDep
from app.errors import invalid_parameter, problem_responses
from app.http import json_response
from app.query.filters import FilterSet
from app.query.grammar import SEARCHABLE, name_list_pattern
from app.query.names import closest, split_names
from app.query.registry import Registry
from app.routing import new_router
from app.search.index import ranked_hits, snippet


class Hit(FilterSet):
    type: str
    id: int | str
    title: str
    snippet: str = Field(description="Excerpt, HTML-escaped, with matches in <mark>…</mark>.")
    href: str
    score: float


class SearchMeta(FilterSet):
    q: str = Field(description="The search as given.")
    returned: int = Field(description="How many hits `data` holds.")
    limit: int


class SearchAnswer(FilterSet):
    data: list[Hit]
    meta: SearchMeta


def search_routes(registry: Registry) -> APIRouter:
    """`GET /v1/search` over the registry's resources (the `types` it accepts)."""
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
        limit: int = Field(20, ge=1, le=100, description="Hits to return (1–100).", examples=[20])

    router = new_router(tags=["search"])

    @router.get(
        "/v1/search",
        summary="Search every record type",
        description="Full-text search across countries, people, visits, summits, projects, money "
        "figures, missions, diaspora figures and sources, best match first.",
        operation_id="search",
        responses={200: {"model": SearchAnswer}, **problem_responses(400)},
    )
    def search(session: SessionDep, params: Annotated[SearchQuery, Query()]):
        types = split_names(params.types, "types") or None
        for name in types or []:
            if name not in by_plural:
                raise invalid_parameter(
                    "types", f"Unknown type '{name}'.{closest(name, by_plural)}"
                )
        hits = ranked_hits(session.connection(), params.q, types, params.limit)
        data = []
        for hit in hits:
            resource = by_plural[hit["resource"]]
            key = hit["record_key"]
            record_id = int(key) if resource.key.type.python_type is int else key
            data.append(
                {
                    "type": resource.plural,
                    "id": record_id,
                    "title": hit["title"],
                    "snippet": snippet(hit["body"], params.q),
                    "href": f"/v1/{resource.plural}/{key}",
                    "score": round(float(hit["score"]), 6),
                }
            )
        return json_response(
            {"data": data, "meta": {"q": params.q, "returned": len(data), "limit": params.limit}}
        )

    return router
