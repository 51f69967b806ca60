"""Where a fact comes from: an article paragraph (with its section) and a source."""

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class Paragraph(Base):
    """A paragraph of the seed article: its number (N-th non-blank line) and section heading."""

    __tablename__ = "paragraphs"
    __table_args__ = (CheckConstraint("number >= 1", name="number_positive"),)

    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    section: Mapped[str] = mapped_column(String(200))


class Cited:
    """Mixin for every fact table: the source that backs the row and where in it.

    Records from the article cite a paragraph; records a curator adds from another source cite
    it with a free-text `locator` (page, section, timestamp). One of the two is always set.
    """

    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    paragraph: Mapped[int | None] = mapped_column(ForeignKey("paragraphs.number"))
    locator: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(1000))


def located() -> CheckConstraint:
    """Every cited row says where in its source the fact is."""
    return CheckConstraint("paragraph IS NOT NULL OR locator IS NOT NULL", name="located")
