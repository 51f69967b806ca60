"""Dates known more finely than a year: a start, an optional end, and how precisely they are known.

Records keep their year columns (the year filters read them); these three columns add what the
article gives beyond the year. Dates are ISO `YYYY-MM-DD` strings, which sort and compare
correctly as text on both databases. A date known to the month is stored as the month's first
day with precision `month`, one known to the year as 1 January with precision `year`.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from app.vocab import in_check

DatePrecision = Literal["day", "month", "year"]


class Dated:
    """Columns of a record whose date the article gives to the day, month or year."""

    date_start: Mapped[str | None] = mapped_column(String(10))
    date_end: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(5))


def dated_checks() -> tuple[CheckConstraint, ...]:
    return (
        CheckConstraint(
            in_check("date_precision", DatePrecision), name="date_precision_vocabulary"
        ),
        CheckConstraint("date_end >= date_start", name="dates_ordered"),
        CheckConstraint(
            "(date_start IS NULL) = (date_precision IS NULL)", name="date_precision_given"
        ),
    )


def calendar_date(value: str) -> str:
    """`value` if it is a real ISO calendar date (2024-02-30 is not); otherwise ValueError."""
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a calendar date") from None
    return value


class DatedFields(BaseModel):
    """The API's and the seeds' side of `Dated`."""

    date_start: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="First day (ISO date), where known."
    )
    date_end: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Last day of a range (ISO date)."
    )
    date_precision: DatePrecision | None = Field(
        None, description="How precisely the dates are known: `day`, `month` or `year`."
    )

    @field_validator("date_start", "date_end")
    @classmethod
    def real_date(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError as error:
                raise PydanticCustomError(
                    "date", "{value} is not a calendar date", {"value": value}
                ) from error
        return value

    @model_validator(mode="after")
    def consistent(self):
        start, end, precision = self.date_start, self.date_end, self.date_precision
        if (start is None) != (precision is None):
            raise PydanticCustomError(
                "date_precision", "date_start and date_precision are given together"
            )
        if end is not None and (start is None or end < start):
            raise PydanticCustomError("range_order", "date_end needs an earlier date_start")
        if start is not None and precision != "day" and start[8:] != "01":
            raise PydanticCustomError(
                "date_precision", "a date known to the month or year starts on its first day"
            )
        if start is not None and precision == "year" and start[5:7] != "01":
            raise PydanticCustomError("date_precision", "a date known to the year is 1 January")
        return self
