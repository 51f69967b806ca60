from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import NUMBERED, Base
from app.vocab import SourceOrigin, vocabulary_check

NOT_SHOWN = "not shown"
"""`published` of a page that shows no publication date (never a guessed one)."""


class Source(Base):
    """The article itself (id 0), one of its footnotes (id = footnote number), or a page read
    beyond the article (`origin` external: publisher, URL, publication date and day read)."""

    __tablename__ = "sources"
    __table_args__ = (
        CheckConstraint("id >= 0", name="id_not_negative"),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
        vocabulary_check("origin", SourceOrigin),
        CheckConstraint(
            "origin <> 'external' OR (url IS NOT NULL AND publisher IS NOT NULL "
            "AND published IS NOT NULL AND read_on IS NOT NULL)",
            name="external_is_traceable",
        ),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    footnote: Mapped[int | None] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(300))
    author: Mapped[str | None] = mapped_column(String(200))
    publisher: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None]
    url: Mapped[str | None] = mapped_column(String(500))
    volume: Mapped[str | None] = mapped_column(String(20))
    issue: Mapped[str | None] = mapped_column(String(20))
    pages: Mapped[str | None] = mapped_column(String(20))
    place: Mapped[str | None] = mapped_column(String(100))
    """Place of publication."""
    paragraph: Mapped[int | None]
    origin: Mapped[str] = mapped_column(String(10), default="footnote")
    language: Mapped[str | None] = mapped_column(String(10))
    """Language of the page (ISO 639-1: en, ru, ko…)."""
    published: Mapped[str | None] = mapped_column(String(10))
    """Publication date as the page shows it (ISO), or "not shown"."""
    read_on: Mapped[str | None] = mapped_column(String(10))
    """The day the page was read for this dataset (ISO)."""
