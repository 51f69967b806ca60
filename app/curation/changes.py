"""The change log as a read resource: `GET /v1/changes?since=…&resource=…`."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from app.curation.models import Change
from app.query.filters import AtLeast, Equals, FilterSet, RecordId
from app.query.grammar import UtcDateTime
from app.query.registry import Registry
from app.query.resource import Resource


class ChangeOut(BaseModel):
    id: int
    at: datetime
    token: str = Field(
        description="Name of the curator token that made the change, or 'seed' for `kca seed`."
    )
    resource: str
    record_key: str
    operation: Literal["create", "update", "delete"]
    before: dict[str, Any] | None = Field(description="The record's columns before; null if new.")
    after: dict[str, Any] | None = Field(description="The record's columns after; null if gone.")
    version: int = Field(description="Dataset version the change produced.")
    reverts: int | None = Field(description="The change this one reverted, if any.")


CHANGE_FIELDS = {name: getattr(Change, name) for name in ChangeOut.model_fields}


def change_log(registry: Registry) -> Resource:
    """The change log of the registry's resources (its `resource` filter names them)."""

    class ChangeFilter(FilterSet):
        since: Annotated[
            UtcDateTime | None,
            AtLeast(Change.at),
            Field(
                description="Changes at or after this time (ISO 8601; UTC if no zone). For an "
                "exact resume point use `id__gt` with the last change id seen.",
                examples=["2026-01-01T00:00:00Z"],
            ),
        ] = None
        # Seeding logs its changes to paragraphs too, which have no resource of their own.
        resource: Annotated[
            Literal[(*registry.by_plural, "paragraphs")] | None,
            Equals(Change.resource),
            Field(description="Changes to this resource only.", examples=["visits"]),
        ] = None

    return Resource(
        name="change",
        plural="changes",
        description="Every write, by a curator or by seeding, oldest first, with the record "
        "before and after: a mirror stays in sync by asking for the changes after the last id "
        "it has seen.",
        from_clause=Change.__table__,
        fields=CHANGE_FIELDS,
        key=Change.id,
        item_schema=ChangeOut,
        filters=ChangeFilter,
        key_param=RecordId,
        groups={"resource": Change.resource, "operation": Change.operation, "token": Change.token},
    )
