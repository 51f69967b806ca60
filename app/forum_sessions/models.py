from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.citations.reports import Reported, reported_checks
from app.db import NUMBERED, Base
from app.vocab import ForumLevel, vocabulary_check


class ForumSession(Cited, Reported, Base):
    """One numbered session of a recurring forum (an organisation of kind `forum`), as one
    source reported it: a later report of the same session supersedes this one."""

    __tablename__ = "forum_sessions"
    __table_args__ = (
        located(),
        *reported_checks(),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
        vocabulary_check("level", ForumLevel),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    number: Mapped[int]
    year: Mapped[int | None]
    city: Mapped[str | None] = mapped_column(String(100))
    level: Mapped[str | None] = mapped_column(String(30))
