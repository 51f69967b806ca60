"""A date known to the day, the month or the year, and the year filters read (kept tiny so it
can join the shared date shape at merge).

`date_start` holds the first day of what is known (2013-10-01 for "October 2013"), `date_end`
the last day of a range, `date_precision` how much of `date_start` the source states, and `year`
its year, which the year filters and stats use."""

import re
from datetime import date
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field, model_validator
from sqlalchemy import CheckConstraint, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from app.vocab import DatePrecision, in_check


class Dated:
    """Mixin for tables whose rows carry a date with its precision."""

    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    year: Mapped[int | None]


def date_checks() -> tuple[CheckConstraint, ...]:
    return (
        CheckConstraint(
            in_check("date_precision", DatePrecision), name="date_precision_vocabulary"
        ),
        CheckConstraint("(date_start IS NULL) = (date_precision IS NULL)", name="date_precise"),
        CheckConstraint("date_end >= date_start", name="dates_ordered"),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
    )


def _iso_date(value):
    """Seed cells and JSON bodies give dates as YYYY-MM-DD text; strict writes would refuse any
    string, and lax parsing would take a number of seconds."""
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("expected a date as YYYY-MM-DD")
        return date.fromisoformat(value)
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class DatedFields(BaseModel):
    date_start: IsoDate | None = Field(
        None, description="First day of what is known: 2013-10-01 for October 2013."
    )
    date_end: IsoDate | None = Field(None, description="Last day, for a range.")
    date_precision: DatePrecision | None = Field(
        None, description="How much of date_start the source states: day, month or year."
    )
    year: int | None = Field(None, ge=1900, le=2100, description="Year, for year filters.")

    @model_validator(mode="after")
    def consistent(self):
        start, precision = self.date_start, self.date_precision
        if (start is None) != (precision is None):
            raise ValueError("date_start and date_precision go together")
        if start is not None:
            if precision != "day" and start.day != 1 or precision == "year" and start.month != 1:
                raise ValueError(f"a date known to the {precision} starts on its first day")
            if self.year != start.year:
                raise ValueError("year must be the year of date_start")
        if self.date_end is not None and (start is None or self.date_end < start):
            raise ValueError("date_end needs a date_start on or before it")
        return self
