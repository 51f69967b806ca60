from typing import Annotated

from pydantic import BaseModel, Field

from app.citations.reports import SupersedingFields
from app.citations.schemas import CitedOut, CitedRecord
from app.countries.lookup import COUNTRY
from app.indicators.models import Indicator
from app.query.filters import CountryRef, EitherEquals, Equals, FilterSet, Year
from app.vocab import IndicatorMeasure, IndicatorUnit, Qualifier


class IndicatorFields(BaseModel):
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$", description="Readable unique key.")
    subject_country: str = Field(
        pattern=r"^[A-Z]{2}$", description="The country whose standing or people it measures."
    )
    partner_country: str | None = Field(
        None, pattern=r"^[A-Z]{2}$", description="The country it is measured in or against."
    )
    measure: IndicatorMeasure
    value: int = Field(ge=0, le=10**15)
    unit: IndicatorUnit = Field(
        description="`rank`: a place (1 is first; with `up_to`, a place in the top N); "
        "`percent`; `people`: a head count. Figures of different units are never added."
    )
    qualifier: Qualifier = Field(
        description="As for money figures: exact, more_than, about, up_to."
    )
    year: int | None = Field(
        None,
        ge=1900,
        le=2100,
        description="Year the figure refers to; for `presidents_since`, the year the count starts.",
    )


class IndicatorRecord(SupersedingFields, IndicatorFields, CitedRecord):
    id: int = Field(ge=1, le=2**31 - 1)


class IndicatorOut(SupersedingFields, IndicatorFields, CitedOut):
    id: int


class IndicatorFilter(FilterSet):
    country: Annotated[
        CountryRef | None,
        EitherEquals((Indicator.subject_country, Indicator.partner_country), ref=COUNTRY),
        Field(description="Indicators about this country or measured against it."),
    ] = None
    subject: Annotated[
        CountryRef | None,
        Equals(Indicator.subject_country, ref=COUNTRY),
        Field(description="Indicators measuring this country."),
    ] = None
    measure: Annotated[
        IndicatorMeasure | None,
        Equals(Indicator.measure),
        Field(description="What is measured.", examples=["investor_rank"]),
    ] = None
    unit: Annotated[
        IndicatorUnit | None,
        Equals(Indicator.unit),
        Field(description="Its unit.", examples=["rank"]),
    ] = None
    year: Annotated[
        Year | None,
        Equals(Indicator.year),
        Field(description="Figures that refer to this year."),
    ] = None
