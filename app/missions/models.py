from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.dates import DatedText, dated_text_checks
from app.db import NUMBERED, Base
from app.vocab import MissionKind, MissionStatus, vocabulary_check


class Mission(Cited, DatedText, Base):
    """An embassy or consulate that one country keeps in another."""

    __tablename__ = "missions"
    __table_args__ = (
        located(),
        UniqueConstraint("sending_country", "host_country", "city", "kind"),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
        vocabulary_check("kind", MissionKind),
        vocabulary_check("status", MissionStatus),
        *dated_text_checks(),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sending_country: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    host_country: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    city: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30))
    year: Mapped[int | None]
    """Year the mission opened, or was decreed when `status` is `decreed`."""
    status: Mapped[str] = mapped_column(String(20))
    decreed_by: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    """The person whose decree opened (or is to open) the mission, where the source names one."""
