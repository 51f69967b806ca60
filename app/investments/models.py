from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.citations.reports import Superseding, superseding_checks
from app.db import NUMBERED, Base
from app.vocab import MoneyDirection, MoneyNature, Qualifier, vocabulary_check


class Investment(Cited, Superseding, Base):
    """A money figure: a stock, flow, commitment, ceiling, trade total or forecast (`nature`).
    A later report of the same figure (the same stock on a later day, or another outlet's value
    for the same year) supersedes the earlier one, so sums never add two reports of one figure."""

    __tablename__ = "investments"
    __table_args__ = (
        located(),
        *superseding_checks(),
        CheckConstraint("amount_usd >= 0", name="amount_not_negative"),
        CheckConstraint("count >= 0", name="count_not_negative"),
        CheckConstraint("year_from BETWEEN 1900 AND 2100", name="year_from_range"),
        CheckConstraint("year_to BETWEEN 1900 AND 2100", name="year_to_range"),
        CheckConstraint("year_to >= year_from", name="years_ordered"),
        CheckConstraint("months BETWEEN 1 AND 12", name="months_range"),
        vocabulary_check("qualifier", Qualifier),
        vocabulary_check("nature", MoneyNature),
        vocabulary_check("direction", MoneyDirection),
        # Each equality filter reads its index in id order, the default (PostgreSQL needs the
        # id in the index; SQLite has it there anyway).
        Index("ix_investments_from_country_id", "from_country", "id"),
        Index("ix_investments_to_country_id", "to_country", "id"),
        Index("ix_investments_kind_id", "kind", "id"),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    from_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    to_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    nature: Mapped[str] = mapped_column(String(20), index=True)
    direction: Mapped[str] = mapped_column(String(10))
    amount_usd: Mapped[int] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(20))
    amount_printed: Mapped[str | None] = mapped_column(String(60))
    """The amount and currency as the source prints them, e.g. "2.13 billion UD"."""
    currency_printed: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(String(300))
    """How the printed figure was read, where that is not plain (a misprinted currency)."""
    year_from: Mapped[int | None]
    year_to: Mapped[int | None]
    months: Mapped[int | None]
    """How many months of the year a figure covers (4: January to April); empty for a whole
    year or a figure that is not yearly."""
    count: Mapped[int | None]
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
