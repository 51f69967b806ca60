from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.citations.reports import Superseding, superseding_checks
from app.dates import DatedWithYear, dated_with_year_checks
from app.db import NUMBERED, Base
from app.vocab import AgreementKind, AgreementStatus, vocabulary_check


class Agreement(Cited, DatedWithYear, Superseding, Base):
    """An agreement, a package of them, a negotiation or a decree, with where it stands."""

    __tablename__ = "agreements"
    __table_args__ = (
        located(),
        *superseding_checks(),
        *dated_with_year_checks(),
        vocabulary_check("kind", AgreementKind),
        vocabulary_check("status", AgreementStatus),
        CheckConstraint("country_a <> country_b", name="distinct_countries"),
        CheckConstraint("documents >= 1", name="documents_positive"),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    country_a: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    """The party that acts (the decreeing country for a decree)."""
    country_b: Mapped[str | None] = mapped_column(ForeignKey("countries.code"), index=True)
    """The other party, or the country a decree concerns."""
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    """Who issued or signed it, when the article says."""
    documents: Mapped[int | None]
    """How many documents a package holds."""
    investment_id: Mapped[int | None] = mapped_column(ForeignKey("investments.id"))
    mission_id: Mapped[int | None] = mapped_column(ForeignKey("missions.id"))
