"""The change log as a read resource: `GET /v1/changes?since=…&resource=…`."""

import functools
from datetime import datetime
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, create_model
from sqlalchemy import Table
from typing_extensions import TypedDict

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


def change_schema(registry: Registry) -> type[ChangeOut]:
    """ChangeOut with `before` and `after` declared as the columns of one seeded table (every
    column, each always present), largest tables first: a client that tries each shape in turn
    stops at the right one, since no two tables have the same set of columns."""
    shapes = sorted(
        (_columns(spec.table) for spec in registry.seed_tables),
        key=lambda shape: -len(shape.__annotations__),
    )
    row = Union[tuple(shapes)]  # noqa: UP007
    return create_model(
        "Change",
        __base__=ChangeOut,
        before=(row | None, Field(description="The record's columns before; null if new.")),
        after=(row | None, Field(description="The record's columns after; null if gone.")),
    )


def _columns(table: Table) -> type:
    """A table's row as the change log stores it. A TypedDict rather than a model, so the list
    machinery's `selectable` (which loosens nested models for `fields=`) leaves it exact."""
    shape = TypedDict(
        table.name.title().replace("_", "") + "Columns",
        {
            column.name: column.type.python_type | None
            if column.nullable
            else column.type.python_type
            for column in table.columns
        },
    )
    shape.__pydantic_config__ = ConfigDict(extra="forbid")
    return shape


@functools.cache  # one per registry: the list and record models derived from it are cached too
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
        item_schema=change_schema(registry),
        filters=ChangeFilter,
        key_param=RecordId,
        groups={"resource": Change.resource, "operation": Change.operation, "token": Change.token},
    )
