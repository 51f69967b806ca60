from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.db import NUMBERED, Base
from app.vocab import ForumLevel, in_check


class ForumSession(Cited, Base):
    """One numbered session of a recurring forum (an organisation of kind `forum`)."""

    __tablename__ = "forum_sessions"
    __table_args__ = (
        located(),
        UniqueConstraint("organisation_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
        CheckConstraint(in_check("level", ForumLevel), name="level_vocabulary"),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    number: Mapped[int]
    year: Mapped[int | None]
    city: Mapped[str | None] = mapped_column(String(100))
    level: Mapped[str | None] = mapped_column(String(30))
