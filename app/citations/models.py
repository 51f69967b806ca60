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
    """Mixin for every fact table: the source that backs the row and the paragraph it comes from."""

    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    paragraph: Mapped[int] = mapped_column(ForeignKey("paragraphs.number"))
    description: Mapped[str | None] = mapped_column(String(1000))
