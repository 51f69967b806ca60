from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.citations.reports import Reported, reported_checks
from app.dates import DatedWithYear, dated_with_year_checks
from app.db import NUMBERED, Base
from app.vocab import InitiativeKind, vocabulary_check


class Initiative(Cited, DatedWithYear, Reported, Base):
    """A policy initiative or a part of one (its phase, aim, corridor, strategy, task or goal):
    who proposed it, when, what it belongs to and what it competes with."""

    __tablename__ = "initiatives"
    __table_args__ = (
        located(),
        *reported_checks(),
        *dated_with_year_checks(),
        vocabulary_check("kind", InitiativeKind),
        CheckConstraint("parent_id <> id", name="not_own_parent"),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.code"), index=True)
    """The country that proposed or runs it."""
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"), index=True)
    """Who proposed it, or under whom this phase ran."""
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id"), index=True)
    competes_with_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id"))
