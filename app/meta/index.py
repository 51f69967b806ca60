"""`GET /v1`: where to start. Every resource of the registry with its links and record count,
the endpoints that span resources, and the documentation."""

from fastapi import Depends, Request
from pydantic import BaseModel, Field, create_model

from app.db import SessionDep
from app.errors import problem_responses, refuse_query_parameters
from app.http import json_response
from app.meta.router import record_counts
from app.openapi import CURATION_DOCUMENT_URL, DOCUMENT_URL
from app.routing import new_router

router = new_router(tags=["meta"])

ACROSS_RESOURCES = {
    "search": "/v1/search",
    "timeline": "/v1/timeline",
    "profile": "/v1/countries/{code}/profile",
    "changes": "/v1/changes",
    "meta": "/v1/meta",
    "export": "/v1/export/datapackage.zip",
}
DOCS = {
    "openapi": DOCUMENT_URL,
    "openapi_curation": CURATION_DOCUMENT_URL,
    "docs": "/docs",
    "redoc": "/redoc",
    "explorer": "/",
}


class ResourceLinks(BaseModel):
    list: str
    record: str
    stats: str | None = Field(None, description="Absent when the resource has no statistics.")


class IndexedResource(BaseModel):
    name: str
    description: str
    records: int
    links: ResourceLinks


IndexLinks = create_model(
    "IndexLinks", **{name: (str, ...) for name in ("self", *ACROSS_RESOURCES, *DOCS)}
)


class ApiIndex(BaseModel):
    title: str
    version: str
    resources: list[IndexedResource]
    links: IndexLinks


@router.get(
    "/v1",
    summary="API index",
    description="Every resource with its record count and the links to its list, one record "
    "and its statistics; then the endpoints that span resources and the documentation. Links "
    "are root-relative, like every link the API gives.",
    operation_id="api_index",
    responses={200: {"model": ApiIndex}, **problem_responses(400)},
    dependencies=[Depends(refuse_query_parameters)],
)
def index(request: Request, session: SessionDep):
    registry = request.app.state.registry
    counts = record_counts(session.connection(), registry)
    resources = []
    for resource in registry.resources:
        links = {
            "list": f"/v1/{resource.plural}",
            "record": f"/v1/{resource.plural}/{{{resource.key_name}}}",
        }
        if resource.groups:
            links["stats"] = f"/v1/stats/{resource.plural}"
        resources.append(
            {
                "name": resource.plural,
                "description": resource.description,
                "records": counts[resource.plural],
                "links": links,
            }
        )
    return json_response(
        {
            "title": request.app.title,
            "version": request.app.version,
            "resources": resources,
            "links": {"self": "/v1", **ACROSS_RESOURCES, **DOCS},
        }
    )
