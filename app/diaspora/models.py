from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.citations.reports import Superseding, superseding_checks
from app.db import NUMBERED, Base
from app.vocab import DiasporaScope, Qualifier, vocabulary_check


class DiasporaFigure(Cited, Superseding, Base):
    """Ethnic Koreans living in one republic, in the whole region, or outside Korea."""

    __tablename__ = "diaspora"
    __table_args__ = (
        located(),
        *superseding_checks(),
        UniqueConstraint("scope", "country_code"),
        CheckConstraint("population >= 0", name="population_not_negative"),
        vocabulary_check("scope", DiasporaScope),
        vocabulary_check("qualifier", Qualifier),
        CheckConstraint(
            "(scope = 'country') = (country_code IS NOT NULL)", name="country_matches_scope"
        ),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.code"), index=True)
    population: Mapped[int]
    qualifier: Mapped[str] = mapped_column(String(20))
