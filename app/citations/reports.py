"""Facts reported as of a date: a planned event's status on the day a source reported it.

A newer report of the same fact names the report it supersedes (`supersedes_id`), so each fact
is a chain of rows and none is erased. A list shows, for each chain, its latest report; with
`as_of=YYYY-MM-DD` it shows the latest report dated on or before that day (what was known then).
Rows without `as_of` (the article's facts) are undated and always shown. Any table with these
columns gets the `as_of` parameter (app/query/grammar.py looks for the column). A money figure
reported on several dates is such a chain too, but has no status: `Superseding` alone.
"""

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, Field
from sqlalchemy import CheckConstraint, ForeignKey, String, and_, exists, or_, select, true
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from app.dates import AsOf, DateText
from app.query.filters import Filter
from app.vocab import ReportStatus, vocabulary_check


class Superseding:
    """Mixin: the day a source reported a fact, and the older report this one supersedes."""

    as_of: Mapped[str | None] = mapped_column(String(10))

    @declared_attr
    def supersedes_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey(f"{cls.__tablename__}.id"), index=True, unique=True)


class Reported(Superseding):
    """Mixin: a planned event's report, with the status the source gave it."""

    status: Mapped[str | None] = mapped_column(String(20))


def superseding_checks() -> tuple[CheckConstraint, ...]:
    return (CheckConstraint("supersedes_id IS NULL OR as_of IS NOT NULL", name="newer_is_dated"),)


def reported_checks() -> tuple[CheckConstraint, ...]:
    return (
        vocabulary_check("status", ReportStatus),
        *superseding_checks(),
    )


class SupersedingFields(BaseModel):
    as_of: DateText | None = Field(
        None, description="The day the source reported it (external facts); empty for the article."
    )
    supersedes_id: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The older report of the same fact this one updates."
    )


class StatusField(BaseModel):
    status: ReportStatus | None = Field(
        None, description="A planned event's status as its source reported it."
    )


class ReportedFields(SupersedingFields, StatusField):
    """The status first, then the day and the older report (the answers' field order)."""


def is_reported(table) -> bool:
    return "as_of" in table.c and "supersedes_id" in table.c


def known_on(table, day: Any = None):
    """Rows that were the latest report of their chain on `day` (None: today)."""
    newer = table.alias("newer")
    # The redundant IS NOT NULL lets PostgreSQL hash the few superseding rows, read from the
    # index, rather than every row of the table, for an anti-join over many rows (aggregates).
    successor = select(newer.c.id).where(
        newer.c.supersedes_id.is_not(None), newer.c.supersedes_id == table.c.id
    )
    if day is None:
        return ~exists(successor)
    successor = successor.where(newer.c.as_of <= day)
    return and_(or_(table.c.as_of.is_(None), table.c.as_of <= day), ~exists(successor))


@dataclass(frozen=True)
class KnownOn(Filter):
    """`as_of=`: what was known on that day."""

    table: Any

    def clause(self, value):
        return true() if value == "all" else known_on(self.table, value)


def as_of_field(table) -> tuple:
    return (
        Annotated[AsOf | None, KnownOn(table)],
        Field(
            None,
            description="Show what was known on this day (YYYY-MM-DD): for each chain of "
            "reports, the latest dated on or before it. Without it, the latest report; `all` "
            "shows every report, superseded ones too.",
            examples=["2024-12-31"],
        ),
    )
