from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import NUMBERED, Base


class Source(Base):
    """The article itself (id 0) or one of its footnotes (id = footnote number)."""

    __tablename__ = "sources"
    __table_args__ = (
        CheckConstraint("id >= 0", name="id_not_negative"),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
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
