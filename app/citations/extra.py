"""Further sources for a fact: a second outlet that reports the same thing.

A record's own citation (`source_id`, `paragraph` or `locator`) names the source it was taken
from; each row here adds one more, keyed by the record's resource (its plural) and id. The answer of
any record that cites a source lists them as `also_cited`.
"""

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ForeignKey, String, UniqueConstraint, exists, select
from sqlalchemy.orm import Mapped, mapped_column

from app.db import NUMBERED, Base
from app.sources.models import Source
from app.text import Text


class ExtraCitation(Base):
    __tablename__ = "extra_citations"
    __table_args__ = (UniqueConstraint("record_type", "record_id", "source_id"), NUMBERED)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[int]
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    locator: Mapped[str] = mapped_column(String(200))


class ExtraCitationRecord(BaseModel):
    """A row of `seeds/extra_citations.csv`."""

    model_config = ConfigDict(extra="forbid")

    id: int = Field(ge=1, le=2**31 - 1)
    record_type: Text(30, pattern=r"^[a-z_]+$") = Field(description="The record's resource.")
    record_id: int = Field(ge=1, le=2**31 - 1)
    source_id: int = Field(ge=0, le=2**31 - 1)
    locator: Text(200) = Field(description="Where on that page the fact stands.")


class AlsoCited(BaseModel):
    source_id: int
    title: str
    publisher: str | None
    url: str | None
    published: str | None
    locator: str


def takes_further_sources(table) -> bool:
    """Records that cite a source may cite further ones."""
    return "source_id" in table.c


def has_further_sources(record_type: str, key_column):
    """True for a record with a further source: its answer lists them (`also_cited`)."""
    return exists().where(
        ExtraCitation.record_type == record_type, ExtraCitation.record_id == key_column
    )


def also_cited_records(rows) -> list[dict]:
    """Rows of `also_cited_statement` as the answer lists them."""
    return [dict(zip(ALSO_CITED, row, strict=True)) for row in rows]


ALSO_CITED = tuple(AlsoCited.model_fields)


def also_cited_statement(record_type: str, record_id):
    """The further sources of one record (`record_id` a value or a bind parameter), in source
    order, with the columns of ALSO_CITED."""
    return (
        select(
            Source.id,
            Source.title,
            Source.publisher,
            Source.url,
            Source.published,
            ExtraCitation.locator,
        )
        .join(Source, Source.id == ExtraCitation.source_id)
        .where(ExtraCitation.record_type == record_type, ExtraCitation.record_id == record_id)
        .order_by(Source.id)
    )
