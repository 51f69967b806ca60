"""Builds the routes every resource has: the filtered list, the record by key, and its stats."""

import functools
import types
import typing
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from app.citations.reports import is_reported
from app.db import SessionDep, get_session
from app.errors import problem_responses
from app.http import STREAMED_CONTENT_TYPES
from app.query.grammar import list_query_model, record_query_model
from app.query.hotpath import HotList, HotRecord, HotRoute
from app.query.listing import list_response, record_response
from app.query.resource import Resource
from app.query.stats import stats_query_model, stats_response


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
    allows more."""
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


def page_of(out: type[BaseModel]) -> type[BaseModel]:
    return create_model(
        f"{out.__name__}Page",
        data=(list[selectable(out)], ...),
        meta=(PageMeta, ...),
        links=(PageLinks, ...),
    )


STREAMS = {
    content_type.partition(";")[0]: {"schema": {"type": "string"}}
    for content_type in STREAMED_CONTENT_TYPES.values()
}


def read_routes(resource: Resource, *, record=True, stats=True) -> APIRouter:
    """`GET /v1/<plural>`, and unless turned off `GET /v1/<plural>/{key}` and
    `GET /v1/stats/<plural>`. `router.hot_routes` serve the plainest of these requests ahead
    of them (see app.query.hotpath); the app puts them first."""
    router = APIRouter(tags=[resource.plural])
    plural = resource.plural
    ListQuery = list_query_model(resource, resource.filters)

    @router.get(
        f"/v1/{plural}",
        summary=f"List {plural}",
        description=f"{resource.description}\n\nFilter with the friendly parameters or the "
        "`field__op` grammar, sort, choose fields, embed related records, search with `q`, "
        "count facets, and page with `links.next`. `format=csv|ndjson` (or the Accept header) "
        "streams every matching row.",
        operation_id=f"list_{plural}",
        responses={
            200: {"model": page_of(resource.item_schema), "content": STREAMS},
            **problem_responses(400),
        },
    )
    def list_records(request: Request, session: SessionDep, params: Annotated[ListQuery, Query()]):
        return list_response(request, session, resource, params)

    router.hot_routes = [HotRoute(router.routes[-1], HotList(resource, ListQuery))]

    @_served_first(router, ListQuery)
    async def list_records_fast(request: Request, params):
        return await _in_session(request, lambda s: list_response(request, s, resource, params))

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
    def get_record(
        request: Request,
        session: SessionDep,
        key: key_param,
        params: Annotated[RecordQuery, Query()],
    ):
        return record_response(request, session, resource, key, params)

    # Record additions (a source's citations, a reported fact's further sources) need a session.
    if resource.record_additions is None and not is_reported(resource.table):
        router.hot_routes.append(HotRoute(router.routes[-1], HotRecord(resource, RecordQuery)))

    @_served_first(router, RecordQuery)
    async def get_record_fast(request: Request, key: key_param, params):
        return await _in_session(
            request, lambda s: record_response(request, s, resource, key, params)
        )


def _stats_route(router: APIRouter, resource: Resource) -> None:
    StatsQuery = stats_query_model(resource, resource.filters)
    plural = resource.plural

    @router.get(
        f"/v1/stats/{plural}",
        summary=f"Statistics of {plural}",
        description=f"Counts (and sums) of {plural} grouped by the dimensions in `group_by`; "
        "every list filter applies. Sums of qualified amounts report their qualifiers and "
        "`sum_is_exact: false`.",
        operation_id=f"stats_{plural}",
        responses=problem_responses(400),
    )
    def stats(session: SessionDep, params: Annotated[StatsQuery, Query()]):
        return stats_response(session, resource, params)

    @_served_first(router, StatsQuery)
    async def stats_fast(request: Request, params):
        return await _in_session(request, lambda s: stats_response(s, resource, params))


async def _in_session(request: Request, work):
    """`work(session)` with the request's session, opened and closed in the same worker thread:
    one thread hop, where a sync session dependency and a sync endpoint take three."""

    def run():
        sessions = get_session(request)
        session = next(sessions)
        try:
            return work(session)
        finally:
            sessions.close()

    return await run_in_threadpool(run)


def _served_first(router: APIRouter, model: type[BaseModel]):
    """Registers `endpoint` as a twin of the route just added, placed before it so it serves
    every request, with `params` validated from the query string in one step.

    FastAPI extracts a query model field by field, and the grammar gives a list a hundred or
    more fields; one `model_validate` of the query string does that work once. The
    documented route stays for OpenAPI and names the parameters in error answers; the twin is
    left out of the schema, answers exactly the same, and does its database work in one
    worker-thread hop (see `_in_session`).
    """
    documented = router.routes[-1]

    def parse(request: Request) -> BaseModel:
        try:
            return model.model_validate(dict(request.query_params))
        except ValidationError as error:
            request.scope["route"] = documented  # the parameters errors are checked against
            raise RequestValidationError(
                [{**e, "loc": ("query", *e["loc"])} for e in error.errors(include_url=False)]
            ) from None

    def register(endpoint):
        endpoint.__annotations__["params"] = Annotated[model, Depends(parse)]
        router.add_api_route(
            documented.path,
            endpoint,
            methods=list(documented.methods),
            include_in_schema=False,
            response_model=None,
            name=f"{documented.name}_fast",
        )
        router.routes.insert(router.routes.index(documented), router.routes.pop())
        return endpoint

    return register
