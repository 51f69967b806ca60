"""Create, update, delete and revert one record, each in the caller's transaction: checks,
the write, the change-log entry (which bumps the dataset version) and the search document."""

from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, delete, insert, select, update

from app.curation.audit import jsonable, log_change
from app.curation.models import Change
from app.curation.records import (
    check_citation,
    check_cited_source,
    check_references,
    check_unique,
    record_tag,
    referencing,
    rendered,
    state,
)
from app.errors import ProblemError, not_found, precondition_required
from app.query.registry import Registry
from app.query.resource import Resource
from app.search.build import refresh_document
from app.sources.models import Source


def create_record(connection: Connection, resource: Resource, values: dict, token: str) -> dict:
    """`values` holds the key only for resources keyed by name or code; the database numbers
    the others."""
    _check(connection, resource, values, key=None)
    key = connection.execute(
        insert(resource.table).values(**values).returning(resource.key)
    ).scalar_one()
    after = state(connection, resource, key)
    log_change(connection, token, resource, key, "create", None, after)
    refresh_document(connection, resource, key)
    return rendered(connection, resource, key)


def update_record(
    connection: Connection,
    resource: Resource,
    schema: type[BaseModel],
    key: Any,
    patch: dict,
    if_match: str | None,
    token: str,
) -> dict:
    before = _locked(connection, resource, key, if_match)
    key_name = resource.key.key
    if key_name in patch and patch[key_name] != before[key_name]:
        raise ProblemError(
            422,
            "immutable-key",
            "Key cannot change",
            f"'{key_name}' identifies the record and cannot change; create a new record instead.",
            parameter=key_name,
        )
    merged = validated(schema, {**_editable(before, schema), **patch})
    if all(before.get(name) == value for name, value in merged.items()):
        # Nothing changes: nothing is written or logged, and the version (so every ETag) stands.
        return rendered(connection, resource, key)
    _check(connection, resource, merged, key=key)
    connection.execute(update(resource.table).where(resource.key == key).values(**merged))
    after = state(connection, resource, key)
    log_change(connection, token, resource, key, "update", before, after)
    refresh_document(connection, resource, key)
    return rendered(connection, resource, key)


def delete_record(
    connection: Connection, resource: Resource, key: Any, if_match: str | None, token: str
) -> None:
    before = _locked(connection, resource, key, if_match)
    _refuse_if_referenced(connection, resource, before)
    connection.execute(delete(resource.table).where(resource.key == key))
    log_change(connection, token, resource, key, "delete", before, None)
    refresh_document(connection, resource, key)


def revert_change(connection: Connection, registry: Registry, change_id: int, token: str) -> int:
    """Puts a record back as it was before change `change_id`; returns the new change's id."""
    change = connection.execute(select(Change).where(Change.id == change_id)).first()
    if change is None:
        raise not_found("change", change_id)
    resource = registry.by_plural.get(change.resource)
    if resource is None:
        raise ProblemError(
            409,
            "not-revertable",
            "Not revertable",
            f"Change {change_id} is to {change.resource}, which only the seed files change; "
            f"edit seeds/{change.resource}.csv and run `kca seed`.",
        )
    key = resource.key.type.python_type(change.record_key)
    current = state(connection, resource, key, lock=True)
    if jsonable(current) != change.after:
        raise ProblemError(
            409,
            "changed-since",
            "Record changed since",
            f"{resource.name} {key!r} has changed since change {change_id}; revert the later "
            "changes first.",
        )
    target = change.before
    if target is None:
        _refuse_if_referenced(connection, resource, current)
        connection.execute(delete(resource.table).where(resource.key == key))
        operation = "delete"
    else:
        _check(connection, resource, target, key=key if current else None)
        if current is None:
            connection.execute(insert(resource.table).values(**target))
            operation = "create"
        else:
            connection.execute(update(resource.table).where(resource.key == key).values(**target))
            operation = "update"
    after = state(connection, resource, key)
    refresh_document(connection, resource, key)
    return log_change(
        connection, token, resource, key, operation, current, after, reverts=change_id
    )


def validated(schema: type[BaseModel], values: dict) -> dict:
    try:
        return schema.model_validate(values).model_dump()
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise ProblemError(
            422,
            "invalid-body",
            "Invalid request body",
            f"'{field}': {first['msg']}.",
            parameter=field,
        ) from None


def _editable(before: dict, schema: type[BaseModel]) -> dict:
    return {name: before[name] for name in schema.model_fields if name in before}


def _check(connection: Connection, resource: Resource, values: dict, key) -> None:
    check_references(connection, resource, values)
    check_citation(connection, values)
    check_unique(connection, resource, values, key)
    if resource.table is Source.__table__ and key is not None:
        check_cited_source(connection, resource, values)


def _locked(connection: Connection, resource: Resource, key: Any, if_match: str | None) -> dict:
    """The current row, locked for this transaction, after checking If-Match against it."""
    offered = set() if if_match is None else {tag.strip() for tag in if_match.split(",")} - {""}
    if not offered or "*" in offered:
        raise precondition_required()
    before = state(connection, resource, key, lock=True)
    if before is None:
        raise resource.missing(connection, key)
    current = record_tag(rendered(connection, resource, key))
    if current not in offered:
        raise ProblemError(
            412,
            "precondition-failed",
            "Precondition failed",
            f"{resource.name} {key!r} has changed since you read it; GET it again, re-apply "
            "your edit and send the new ETag.",
            headers={"ETag": current},
        )
    return before


def _refuse_if_referenced(connection: Connection, resource: Resource, values: dict) -> None:
    found = referencing(connection, resource, values)
    if found:
        raise ProblemError(
            409,
            "still-referenced",
            "Still referenced",
            f"{resource.name} {values[resource.key.key]!r} is referenced by "
            + "; ".join(found)
            + ". Change or delete those first.",
        )
