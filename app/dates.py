"""Every date shape the API reads or stores, in one place.

- `DateText`: a calendar day written YYYY-MM-DD and kept as text, which sorts and compares
  correctly on both databases (`as_of`, a source's `read_on`).
- `AsOf`: the `as_of=` parameter, a day or `all`.
- `UtcDateTime`: a query parameter's moment, an ISO 8601 date-time or a plain date (the start
  of that day, UTC).
- Two ways a record gives a date known to the day, month or year (a start, an optional end and
  the precision; a month is stored as its first day, a year as 1 January):
  `DatedText` keeps the days as text (projects, missions); `DatedWithYear` keeps them as dates
  beside the `year` the year filters read (agreements, initiatives).
"""

import re
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import CheckConstraint, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from app.vocab import DatePrecision, vocabulary_check

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DAY_EXAMPLE = "2024-12-31"


def calendar_date(value: str) -> str:
    """`value` if it is a real ISO calendar date (2024-02-30 is not); otherwise ValueError."""
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a calendar date") from None
    return value


def _day_text(value: str) -> str:
    if not DAY.fullmatch(value):
        raise PydanticCustomError("date_format", "expected a date as YYYY-MM-DD")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "date", "{value} is not a calendar date", {"value": value}
        ) from None
    return value


def _as_of(value: str) -> str:
    return value if value == "all" else _day_text(value)


# The pattern is documented for clients; the validators check it, in words a reader can act on.
DateText = Annotated[
    str,
    AfterValidator(_day_text),
    Field(examples=[DAY_EXAMPLE], json_schema_extra={"pattern": rf"^{DAY.pattern}$"}),
]
AsOf = Annotated[
    str,
    AfterValidator(_as_of),
    Field(json_schema_extra={"pattern": rf"^(all|{DAY.pattern})$"}),
]
"""`as_of=`: a day (YYYY-MM-DD) or `all`."""


def _date_only(value):
    """Seed cells and JSON bodies give dates as YYYY-MM-DD text; strict writes would refuse any
    string, and lax parsing would take a number of seconds."""
    if isinstance(value, str):
        if not DAY.fullmatch(value):
            raise ValueError("expected a date as YYYY-MM-DD")
        return date.fromisoformat(value)
    return value


StrictDate = Annotated[date, BeforeValidator(_date_only)]


RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})?)?$"
)


def _rfc3339(value):
    """Only ISO 8601 date-times or plain dates, as documented: pydantic alone would also take
    '1700000000'. A plain date is the start of that day."""
    if isinstance(value, str):
        if not RFC3339.match(value):
            raise PydanticCustomError(
                "datetime_format",
                "expected an ISO 8601 date-time, or a date for the start of that day (UTC)",
            )
        if len(value) == 10:
            return f"{value}T00:00:00Z"
    return value


def _to_utc(value: datetime) -> datetime:
    """Naive times are taken as UTC; aware ones are converted, as timestamps are stored in UTC."""
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError:  # an offset that moves the time past year 1 or 9999
        raise PydanticCustomError(
            "datetime_range", "the time in UTC falls outside the years 0001 to 9999"
        ) from None


UtcDateTime = Annotated[datetime, BeforeValidator(_rfc3339), AfterValidator(_to_utc)]


class DatedText:
    """Columns of a record whose date the article gives to the day, month or year, as text."""

    date_start: Mapped[str | None] = mapped_column(String(10))
    date_end: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(5))


def dated_text_checks() -> tuple[CheckConstraint, ...]:
    return (
        vocabulary_check("date_precision", DatePrecision),
        CheckConstraint("date_end >= date_start", name="dates_ordered"),
        CheckConstraint(
            "(date_start IS NULL) = (date_precision IS NULL)", name="date_precision_given"
        ),
    )


class DatedTextFields(BaseModel):
    """The API's and the seeds' side of `DatedText`."""

    date_start: DateText | None = Field(None, description="First day (ISO date), where known.")
    date_end: DateText | None = Field(None, description="Last day of a range (ISO date).")
    date_precision: DatePrecision | None = Field(
        None, description="How precisely the dates are known: `day`, `month` or `year`."
    )

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


class DatedWithYear:
    """Columns of a record whose date is known to the day, month or year, kept as dates, and
    its year, which the year filters and stats read."""

    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    year: Mapped[int | None]


def dated_with_year_checks() -> tuple[CheckConstraint, ...]:
    return (
        vocabulary_check("date_precision", DatePrecision),
        CheckConstraint("(date_start IS NULL) = (date_precision IS NULL)", name="date_precise"),
        CheckConstraint("date_end >= date_start", name="dates_ordered"),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
    )


class DatedWithYearFields(BaseModel):
    """The API's and the seeds' side of `DatedWithYear`."""

    date_start: StrictDate | None = Field(
        None, description="First day of what is known: 2013-10-01 for October 2013."
    )
    date_end: StrictDate | None = Field(None, description="Last day, for a range.")
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
