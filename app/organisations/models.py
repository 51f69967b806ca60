from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.citations.reports import Superseding, superseding_checks
from app.db import NUMBERED, Base
from app.vocab import OrganisationKind, StartScope, vocabulary_check


class Organisation(Cited, Superseding, Base):
    """An agency, service, platform, company, forum or secretariat the article names."""

    __tablename__ = "organisations"
    __table_args__ = (
        located(),
        *superseding_checks(),
        CheckConstraint("started_year BETWEEN 1900 AND 2100", name="started_year_range"),
        vocabulary_check("kind", OrganisationKind),
        vocabulary_check("started_scope", StartScope),
        # A start year says where it applies, and a scope needs a year.
        CheckConstraint(
            "(started_year IS NULL) = (started_scope IS NULL)", name="started_scope_with_year"
        ),
        CheckConstraint("parent_id <> id", name="not_its_own_parent"),
        Index("ix_organisations_kind_id", "kind", "id"),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    acronym: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.code"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    started_year: Mapped[int | None]
    started_scope: Mapped[str | None] = mapped_column(String(20))
