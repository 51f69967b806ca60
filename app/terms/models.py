from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.db import NUMBERED, Base
from app.vocab import Office, vocabulary_check


class Term(Cited, Base):
    """A person's time in an office of a country, with the years only where the article gives
    them (null otherwise, never inferred)."""

    __tablename__ = "terms"
    __table_args__ = (
        located(),
        CheckConstraint("year_from BETWEEN 1900 AND 2100", name="year_from_range"),
        CheckConstraint("year_to BETWEEN 1900 AND 2100", name="year_to_range"),
        CheckConstraint("year_from <= year_to", name="years_ordered"),
        vocabulary_check("office", Office),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    office: Mapped[str] = mapped_column(String(20))
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    year_from: Mapped[int | None]
    year_to: Mapped[int | None]
