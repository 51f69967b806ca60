from typing import Literal

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.citations.models import Cited, located
from app.db import NUMBERED, Base
from app.vocab import vocabulary_check

FactKind = Literal[
    "left_country",
    "served_full_term",
    "relatives_jailed",
    "found_dead",
    "harmed_by_relatives",
    "sentenced",
    "assassinated",
    "died_in_office",
    "came_to_power",
    "peaceful_transfer",
]


class PersonFact(Cited, Base):
    """Something the article says befell a person in or after office, with the year and the
    figure (a sentence's length) only where it gives them."""

    __tablename__ = "person_facts"
    __table_args__ = (
        located(),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
        CheckConstraint("figure >= 0", name="figure_not_negative"),
        CheckConstraint("(figure IS NULL) = (unit IS NULL)", name="figure_has_unit"),
        vocabulary_check("kind", FactKind),
        NUMBERED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    year: Mapped[int | None]
    figure: Mapped[int | None]
    unit: Mapped[str | None] = mapped_column(String(20))
    """What `figure` counts ("years")."""
