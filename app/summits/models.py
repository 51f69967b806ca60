from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.db import NUMBERED, Base


class Summit(Cited, Base):
    """How many summits a republic has held with the Republic of Korea since `since_year`."""

    __tablename__ = "summits"
    __table_args__ = (
        located(),
        CheckConstraint("count >= 0", name="count_not_negative"),
        CheckConstraint("since_year BETWEEN 1900 AND 2100", name="since_year_range"),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"), unique=True)
    count: Mapped[int]
    since_year: Mapped[int]
