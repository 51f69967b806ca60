from typing import Annotated

from pydantic import BaseModel, Field

from app.citations.schemas import CitedOut, CitedRecord
from app.countries.lookup import COUNTRY
from app.query.filters import AtLeast, CountryRef, Equals, FilterSet
from app.summits.models import Summit


class SummitFields(BaseModel):
    country_code: str = Field(pattern=r"^[A-Z]{2}$", description="The Central Asian republic.")
    count: int = Field(ge=0, le=100_000, description="Summits held with the Republic of Korea.")
    since_year: int = Field(ge=1900, le=2100, description="Counting starts in this year.")


class SummitRecord(SummitFields, CitedRecord):
    id: int = Field(ge=1, le=2**31 - 1)


class SummitOut(SummitFields, CitedOut):
    id: int


class SummitFilter(FilterSet):
    country: Annotated[
        CountryRef | None,
        Equals(Summit.country_code, ref=COUNTRY),
        Field(description="The republic whose summit count to show."),
    ] = None
    min_count: Annotated[
        int | None,
        AtLeast(Summit.count),
        Field(ge=0, le=100_000, description="At least this many summits.", examples=[10]),
    ] = None
