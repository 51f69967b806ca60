from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.citations.reports import Superseding, superseding_checks
from app.db import NUMBERED, Base
from app.vocab import IndicatorMeasure, IndicatorUnit, Qualifier, vocabulary_check


class Indicator(Cited, Superseding, Base):
    """A dated figure that is neither money nor population: a rank, a share, a head count."""

    __tablename__ = "indicators"
    __table_args__ = (
        located(),
        *superseding_checks(),
        CheckConstraint("value >= 0", name="value_not_negative"),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
        vocabulary_check("measure", IndicatorMeasure),
        vocabulary_check("unit", IndicatorUnit),
        vocabulary_check("qualifier", Qualifier),
        Index("ix_indicators_measure_id", "measure", "id"),
        Index("ix_indicators_subject_country_id", "subject_country", "id"),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    subject_country: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    """The country whose standing or people the figure measures."""
    partner_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"), index=True)
    """The country it is measured in or against (investors *in* Uzbekistan), if any."""
    measure: Mapped[str] = mapped_column(String(40))
    value: Mapped[int] = mapped_column(BigInteger)
    unit: Mapped[str] = mapped_column(String(20))
    qualifier: Mapped[str] = mapped_column(String(20))
    year: Mapped[int | None]
