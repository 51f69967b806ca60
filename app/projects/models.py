from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.dates import DatedText, dated_text_checks
from app.db import NUMBERED, Base
from app.vocab import Qualifier, vocabulary_check


class Project(Cited, DatedText, Base):
    """Aid programmes, economic zones, plants, centres, donations and events."""

    __tablename__ = "projects"
    __table_args__ = (
        located(),
        CheckConstraint("year_from BETWEEN 1900 AND 2100", name="year_from_range"),
        CheckConstraint("year_to BETWEEN 1900 AND 2100", name="year_to_range"),
        CheckConstraint("year_from <= year_to", name="years_ordered"),
        CheckConstraint("value_usd >= 0", name="value_not_negative"),
        CheckConstraint("sub_projects >= 0", name="sub_projects_not_negative"),
        vocabulary_check("value_qualifier", Qualifier),
        CheckConstraint("(value_usd IS NULL) = (value_qualifier IS NULL)", name="value_qualified"),
        *dated_text_checks(),
        # Each equality filter reads its index in id order, the default.
        Index("ix_projects_country_code_id", "country_code", "id"),
        Index("ix_projects_kind_id", "kind", "id"),
        Index("ix_projects_sector_id", "sector", "id"),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    city: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40))
    sector: Mapped[str] = mapped_column(String(40))
    korean_party: Mapped[str | None] = mapped_column(String(200))
    year_from: Mapped[int | None]
    year_to: Mapped[int | None]
    value_usd: Mapped[int | None] = mapped_column(BigInteger)
    value_qualifier: Mapped[str | None] = mapped_column(String(20))
    sub_projects: Mapped[int | None]
    possibly_same_as: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    """Another record that may describe the same thing under another name."""
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    """The organisation behind it, where the article names one (`korean_party` keeps the words)."""
