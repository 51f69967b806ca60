"""Builds the two read routes every resource has: the filtered list and the record by key."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, create_model

from app.db import SessionDep
from app.errors import problem_responses
from app.query.filters import ListParams
from app.query.listing import Resource, list_response, record_response


class PageMeta(BaseModel):
    total: int
    limit: int
    returned: int


class PageLinks(BaseModel):
    next: str | None


def page_of(out: type[BaseModel]) -> type[BaseModel]:
    return create_model(
        f"{out.__name__}Page", data=(list[out], ...), meta=(PageMeta, ...), links=(PageLinks, ...)
    )


def read_routes(
    resource: Resource,
    *,
    plural: str,
    filters: type[ListParams],
    out: type[BaseModel],
    key: Any,
    key_name: str = "id",
    about: str,
) -> APIRouter:
    """`GET /v1/<plural>` and `GET /v1/<plural>/{key_name}` for one resource.

    `key` is the path parameter's type; its `Path(alias=...)` must equal `key_name`."""
    router = APIRouter(prefix=f"/v1/{plural}", tags=[plural])
    page = page_of(out)

    @router.get(
        "",
        summary=f"List {plural}",
        description=f"{about}\n\nFiltered and paged; follow `links.next` for the next page.",
        operation_id=f"list_{plural}",
        responses={200: {"model": page}, **problem_responses(400)},
    )
    def list_records(request: Request, session: SessionDep, params: Annotated[filters, Query()]):
        return list_response(session, resource, params, request)

    @router.get(
        f"/{{{key_name}}}",
        summary=f"One {resource.name}",
        description=f"A single {resource.name} by its stable key.",
        operation_id=f"get_{resource.name.replace(' ', '_')}",
        responses={200: {"model": out}, **problem_responses(400, 404)},
    )
    def get_record(session: SessionDep, key: key):
        return record_response(session, resource, key)

    return router


RecordId = Annotated[
    int, Path(alias="id", ge=1, le=2**31 - 1, description="Stable record id.", examples=[1])
]
