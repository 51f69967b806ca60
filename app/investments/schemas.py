from typing import Annotated

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from app.citations.reports import SupersedingFields
from app.citations.schemas import CitedOut, CitedRecord
from app.countries.lookup import COUNTRY
from app.field_pairs import differs_from, not_before
from app.investments.models import Investment
from app.query.filters import (
    Amount,
    AtLeast,
    AtMost,
    CountryRef,
    EitherEquals,
    Equals,
    FilterSet,
    Year,
)
from app.text import Text
from app.vocab import InvestmentKind, MoneyDirection, MoneyNature, Qualifier


class InvestmentFields(BaseModel):
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$", description="Readable unique key.")
    kind: InvestmentKind
    from_country: str | None = Field(
        None, pattern=r"^[A-Z]{2}$", description="Paying or investing side, where stated."
    )
    to_country: str | None = Field(
        None, pattern=r"^[A-Z]{2}$", description="Receiving side, where stated."
    )
    nature: MoneyNature = Field(
        description="What the figure measures: `stock`, `flow`, `commitment`, `ceiling`, "
        "`two_way_trade` or `forecast`. Figures of different natures are never summed together."
    )
    direction: MoneyDirection = Field(
        description="`one_way` (from_country pays to_country), `two_way` (trade both ways), "
        "`unstated` (the source does not say who pays) or `none` (not between countries)."
    )
    amount_usd: int = Field(ge=0, le=10**15, description="Amount in whole US dollars.")
    qualifier: Qualifier = Field(
        description="How the article states the amount: exactly, more than, about or up to it."
    )
    amount_printed: Text(60) | None = Field(
        None, description="Amount and currency as printed in the source, e.g. `2.13 billion UD`."
    )
    currency_printed: Text(10) | None = Field(
        None, description="Currency as printed in the source (`USD`, `$`, `UD`…)."
    )
    note: Text(300) | None = Field(
        None, description="How the printed figure was read, where printed and interpreted differ."
    )
    year_from: int | None = Field(None, ge=1900, le=2100)
    year_to: int | None = Field(None, ge=1900, le=2100)
    months: int | None = Field(
        None,
        ge=1,
        le=12,
        description="Months of the year the figure covers, for a part-year figure (6: January "
        "to June); empty for a whole year or a figure that is not yearly.",
    )
    count: int | None = Field(
        None, ge=0, le=1_000_000, description="Agreements or projects the amount covers."
    )
    project_id: int | None = Field(None, ge=1, le=2**31 - 1)


class InvestmentRecord(SupersedingFields, InvestmentFields, CitedRecord):
    id: int = Field(ge=1, le=2**31 - 1)

    @field_validator("to_country")
    @classmethod
    def two_sides(cls, value: str | None, info: ValidationInfo) -> str | None:
        return differs_from(value, info, "from_country")

    @field_validator("year_to")
    @classmethod
    def ends_after_start(cls, value: int | None, info: ValidationInfo) -> int | None:
        return not_before(value, info, "year_from")


class InvestmentOut(SupersedingFields, InvestmentFields, CitedOut):
    id: int


class InvestmentFilter(FilterSet):
    country: Annotated[
        CountryRef | None,
        EitherEquals((Investment.from_country, Investment.to_country), ref=COUNTRY),
        Field(description="Figures with this country on either side."),
    ] = None
    kind: Annotated[
        InvestmentKind | None,
        Equals(Investment.kind),
        Field(description="What the figure is about.", examples=["credit_line"]),
    ] = None
    nature: Annotated[
        MoneyNature | None,
        Equals(Investment.nature),
        Field(description="What the figure measures.", examples=["stock"]),
    ] = None
    year_from: Annotated[
        Year | None,
        AtLeast(Investment.year_from),
        Field(description="Figures whose period starts in or after this year."),
    ] = None
    year_to: Annotated[
        Year | None,
        AtMost(Investment.year_to),
        Field(description="Figures whose period ends in or before this year."),
    ] = None
    min_amount_usd: Annotated[
        Amount | None,
        AtLeast(Investment.amount_usd),
        Field(description="Amount of at least this many US dollars."),
    ] = None
    max_amount_usd: Annotated[
        Amount | None,
        AtMost(Investment.amount_usd),
        Field(description="Amount of at most this many US dollars."),
    ] = None
