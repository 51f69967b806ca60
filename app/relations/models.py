from typing import Literal

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.db import NUMBERED, Base
from app.vocab import vocabulary_check

RelationKind = Literal["recognition", "diplomatic_relations"]


class StateRelation(Cited, Base):
    """A step between two states: one recognising the other, or the two establishing relations."""

    __tablename__ = "relations"
    __table_args__ = (
        located(),
        UniqueConstraint("from_country", "to_country", "kind"),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
        vocabulary_check("kind", RelationKind),
        CheckConstraint("from_country <> to_country", name="distinct_countries"),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_country: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    """The state that recognises; for relations, the side the article speaks from."""
    to_country: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    year: Mapped[int | None]
    """Only when the article gives it."""
