"""Builds the routes every resource has: the filtered list, the record by key, and its stats."""

import functools
import types
import typing
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field, create_model

from app.errors import problem_responses
from app.http import STREAMED_CONTENT_TYPES
from app.query.grammar import list_query_model, record_query_model
from app.query.lists import ListReader
from app.query.records import RecordReader
from app.query.resource import Resource
from app.query.routing import OneStepQuery
from app.query.stats import stats_query_model
from app.query.stats_reader import StatsReader
from app.query.stats_schema import stats_answer_model
from app.routing import new_router


class PageMeta(BaseModel):
    total: int | None
    limit: int
    returned: int
    total_at_least: int | None = Field(
        None, description="Set instead of `total` when `count=auto` stopped counting."
    )
    facets: dict[str, list[dict[str, Any]]] | None = None


class PageLinks(BaseModel):
    next: str | None


@functools.cache
def selectable(out: type[BaseModel]) -> type[BaseModel]:
    """The record as GET may answer it: `fields=` can leave any field out (nested ones too)
    and `include=` can add related records, so the documented schema requires nothing and
    allows more. Writes answer with the same schema, so each record is documented once."""
    fields = {
        name: (_selectable_type(field.annotation), Field(None, description=field.description))
        for name, field in out.model_fields.items()
    }
    return create_model(f"{out.__name__}Selection", __config__=ConfigDict(extra="allow"), **fields)


def _selectable_type(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return selectable(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = tuple(_selectable_type(arg) for arg in typing.get_args(annotation))
        return typing.Union[options]  # noqa: UP007
    return annotation


@functools.cache  # as list_query_model
def page_of(out: type[BaseModel]) -> type[BaseModel]:
    return create_model(
        f"{out.__name__}Page",
        data=(list[selectable(out)], ...),
        meta=(PageMeta, ...),
        links=(PageLinks, ...),
    )


QUALIFIED_SUMS = " A sum of qualified amounts reports their qualifiers and `sum_is_exact: false`."

STREAMS = {
    content_type.partition(";")[0]: {"schema": {"type": "string"}}
    for content_type in STREAMED_CONTENT_TYPES.values()
}


def read_routes(resource: Resource, *, record=True, stats=True) -> APIRouter:
    """`GET /v1/<plural>`, and unless turned off `GET /v1/<plural>/{key}` and
    `GET /v1/stats/<plural>`. Each route's shortcut answers every valid request (see
    app.query.lists, app.query.records and app.query.stats_reader)."""
    router = new_router(tags=[resource.plural], route_class=OneStepQuery)
    plural = resource.plural
    ListQuery = list_query_model(resource, resource.filters)

    @router.get(
        f"/v1/{plural}",
        summary=f"List {plural}",
        # What every list can do is said once, in the document's description.
        description=resource.description,
        operation_id=f"list_{plural}",
        responses={
            200: {"model": page_of(resource.item_schema), "content": STREAMS},
            **problem_responses(400),
        },
    )
    async def list_records(request: Request, params: Annotated[ListQuery, Query()]):
        return await lister.answer(request, params)

    lister = ListReader(resource, ListQuery)
    router.routes[-1].shortcut = lister

    if record:
        _record_route(router, resource, resource.record_schema)
    if stats and resource.groups:
        _stats_route(router, resource)
    return router


def _record_route(router: APIRouter, resource: Resource, out) -> None:
    RecordQuery = record_query_model(resource)
    key_param = resource.key_param

    @router.get(
        f"/v1/{resource.plural}/{{{resource.key_name}}}",
        summary=f"One {resource.name}",
        description=f"A single {resource.name} by its stable key.",
        operation_id=f"get_{resource.name.replace(' ', '_')}",
        responses={200: {"model": selectable(out)}, **problem_responses(400, 404)},
    )
    async def get_record(request: Request, key: key_param, params: Annotated[RecordQuery, Query()]):
        return await reader.answer(request, key, params)

    reader = RecordReader(resource, RecordQuery)
    router.routes[-1].shortcut = reader


def _stats_route(router: APIRouter, resource: Resource) -> None:
    StatsQuery = stats_query_model(resource, resource.filters)
    plural = resource.plural

    @router.get(
        f"/v1/stats/{plural}",
        summary=f"Statistics of {plural}",
        description=f"Counts (and sums) of {plural} by `group_by`; the list's filters apply."
        + (QUALIFIED_SUMS if resource.sums and resource.qualifier is not None else ""),
        operation_id=f"stats_{plural}",
        responses={
            200: {"model": stats_answer_model(resource), "content": STREAMS},
            **problem_responses(400),
        },
    )
    async def stats(request: Request, params: Annotated[StatsQuery, Query()]):
        return await reader.answer(request, params)

    reader = StatsReader(resource, StatsQuery)
    router.routes[-1].shortcut = reader
