"""Curator writes for every resource, and the public change log with revert."""

import copy
import functools
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Request, Response
from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from app.curation.auth import Curator
from app.curation.changes import change_log
from app.curation.examples import body_examples
from app.curation.records import record_tag, rendered
from app.curation.writes import create_record, delete_record, revert_change, update_record
from app.db import writer
from app.errors import problem_responses
from app.http import json_response
from app.query.filters import RecordId
from app.query.registry import Registry
from app.query.resource import Resource
from app.query.routes import read_routes, selectable
from app.routing import new_router

WRITE_ERRORS = problem_responses(400, 401, 403, 409, 422)
IfMatch = Annotated[
    str,
    Header(
        max_length=200,
        description="The ETag from GET of this record; without it (or with `*`) the write is "
        "refused (428) so no edit is lost.",
        examples=['"0f1e2d3c4b5a69788796a5b4c3d2e1f0"'],
    ),
]
STRICT = ConfigDict(extra="forbid", strict=True)


def numbered(resource: Resource) -> bool:
    """Records the database numbers (sources and facts), not keyed by a name or code."""
    return resource.row_schema.model_fields[resource.key.key].annotation is int


@functools.cache  # as app.query.grammar.list_query_model
def create_schema(resource: Resource) -> type[BaseModel]:
    record = resource.row_schema
    key = resource.key.key
    overrides, validators = {}, {}
    if numbered(resource):
        # The database numbers these records: an id chosen by a client could collide with
        # the next number, reuse a deleted record's or leave no valid number after it.
        overrides[key] = (SkipJsonSchema[None], Field(None, exclude=True))
        validators["server_assigned"] = field_validator(key, mode="before")(_server_assigned)
    # JSON bodies are typed: `0` is not `false` and `"12"` is not 12 (seed files are text).
    return _strict(record, overrides, validators)


def _server_assigned(value):
    if value is not None:
        raise PydanticCustomError(
            "server_assigned", "ids are assigned by the server; leave the id out"
        )
    return value


def _strict(record: type[BaseModel], overrides: dict, validators: dict) -> type[BaseModel]:
    class Strict(record):
        model_config = STRICT

    Strict.__name__ = f"{record.__name__}Create"
    return create_model(Strict.__name__, __base__=Strict, __validators__=validators, **overrides)


@functools.cache
def patch_schema(resource: Resource) -> type[BaseModel]:
    record = resource.row_schema
    fields: dict[str, Any] = {}
    for name, field in record.model_fields.items():
        # The field's constraints and validators check a value, never the null that leaves it
        # unchanged.
        value = Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
        optional = copy.copy(field)
        optional.default, optional.metadata = None, []
        fields[name] = (value | None, optional)

    class StrictPatch(BaseModel):
        model_config = STRICT

    return create_model(f"{record.__name__}Patch", __base__=StrictPatch, **fields)


@functools.cache  # built for each application, these schemas cost each create_app ~0.02 CPU-s
def documented_body_fields(resource: Resource) -> tuple[str, ...]:
    """The fields the document shows for a write's body."""
    return tuple(create_schema(resource).model_json_schema()["properties"])


def write_routes(resource: Resource) -> APIRouter:
    router = new_router(tags=[resource.plural])
    plural, name = resource.plural, resource.name.replace(" ", "_")
    record, Create, Patch = resource.row_schema, create_schema(resource), patch_schema(resource)
    key_param = resource.key_param
    # What a refused body is told: the fields the document shows for both writes (a PATCH
    # body also takes a numbered key, only to refuse its change) and their seeded values.
    documented = documented_body_fields(resource)
    examples = body_examples(resource)

    @router.post(
        f"/v1/{plural}",
        summary=f"Add a {resource.name}",
        # The rules every write follows are said once, in the document's description.
        description=f"Curators only. Adds a {resource.name}"
        + ("; the server assigns the id." if numbered(resource) else "."),
        operation_id=f"create_{name}",
        status_code=201,
        responses={201: {"model": selectable(resource.record_schema)}, **WRITE_ERRORS},
    )
    def create(request: Request, token: Curator, body: Annotated[Create, Body()]):
        with writer(request.app.state.engine).begin() as connection:
            created = create_record(connection, resource, body.model_dump(), token)
        key = created[resource.key.key]
        return json_response(
            created, 201, {"ETag": record_tag(created), "Location": f"/v1/{plural}/{key}"}
        )

    router.routes[-1].body_examples, router.routes[-1].body_names = examples, documented

    @router.patch(
        f"/v1/{plural}/{{{resource.key_name}}}",
        summary=f"Change a {resource.name}",
        description="Curators only. Changes the fields given; needs `If-Match`.",
        operation_id=f"update_{name}",
        responses={
            200: {"model": selectable(resource.record_schema)},
            **WRITE_ERRORS,
            **problem_responses(404, 412, 428),
        },
    )
    def patch(
        request: Request,
        token: Curator,
        key: key_param,
        body: Annotated[Patch, Body()],
        if_match: IfMatch = None,
    ):
        changes = body.model_dump(exclude_unset=True)
        with writer(request.app.state.engine).begin() as connection:
            updated = update_record(connection, resource, record, key, changes, if_match, token)
        return json_response(updated, headers={"ETag": record_tag(updated)})

    router.routes[-1].body_examples, router.routes[-1].body_names = examples, documented

    @router.delete(
        f"/v1/{plural}/{{{resource.key_name}}}",
        summary=f"Delete a {resource.name}",
        description="Curators only. Needs `If-Match`; refused while others refer to it.",
        operation_id=f"delete_{name}",
        status_code=204,
        responses={**WRITE_ERRORS, **problem_responses(404, 412, 428)},
    )
    def remove(request: Request, token: Curator, key: key_param, if_match: IfMatch):
        with writer(request.app.state.engine).begin() as connection:
            delete_record(connection, resource, key, if_match, token)
        return Response(status_code=204)

    return router


def change_routes(registry: Registry) -> APIRouter:
    changes = change_log(registry)
    router = read_routes(changes, stats=False)

    @router.post(
        "/v1/changes/{id}/revert",
        summary="Revert a change",
        description="Curators only. Puts the record back as it was before the change; refused "
        "(409) when the record has changed since. The revert is itself a logged change.",
        operation_id="revert_change",
        status_code=201,
        responses={
            201: {"model": selectable(changes.record_schema)},
            **problem_responses(400, 401, 403, 404, 409, 422),
        },
    )
    def revert(request: Request, token: Curator, change_id: RecordId):
        with writer(request.app.state.engine).begin() as connection:
            new_id = revert_change(connection, registry, change_id, token)
        with request.app.state.engine.connect() as connection:
            body = rendered(connection, changes, new_id)
        return json_response(body, 201, {"Location": f"/v1/changes/{new_id}"})

    return router
