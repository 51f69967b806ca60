from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.citations.reports import Reported, reported_checks
from app.db import NUMBERED, Base
from app.vocab import Office, vocabulary_check


class Visit(Cited, Reported, Base):
    """An official trip by a president or prime minister from one country to another."""

    __tablename__ = "visits"
    __table_args__ = (
        located(),
        *reported_checks(),
        UniqueConstraint("from_country", "to_country", "office", "year"),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
        vocabulary_check("office", Office),
        CheckConstraint("from_country <> to_country", name="distinct_countries"),
        # Every filter with the default order (year, id) reads an index in that order.
        Index("ix_visits_year_id", "year", "id"),
        Index("ix_visits_from_country_year_id", "from_country", "year", "id"),
        Index("ix_visits_to_country_year_id", "to_country", "year", "id"),
        Index("ix_visits_office_year_id", "office", "year", "id"),
        Index("ix_visits_person_id_year_id", "person_id", "year", "id"),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    office: Mapped[str] = mapped_column(String(20))
    from_country: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    to_country: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    year: Mapped[int]
    city: Mapped[str | None] = mapped_column(String(100))
