from typing import Annotated

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from app.citations.reports import ReportedFields
from app.citations.schemas import CitedOut, CitedRecord
from app.countries.lookup import COUNTRY
from app.field_pairs import differs_from
from app.people.lookup import PERSON
from app.people.schemas import PersonId
from app.query.filters import (
    AtLeast,
    AtMost,
    CountryRef,
    EitherEquals,
    Equals,
    FilterSet,
    PersonRef,
    Year,
)
from app.text import Text
from app.visits.models import Visit
from app.vocab import Office


class VisitFields(BaseModel):
    office: Office
    from_country: str = Field(pattern=r"^[A-Z]{2}$", description="Visitor's country.")
    to_country: str = Field(pattern=r"^[A-Z]{2}$", description="Host country.")
    year: int = Field(ge=1900, le=2100)
    city: Text(100) | None = None


class VisitRecord(ReportedFields, VisitFields, CitedRecord):
    id: int = Field(ge=1, le=2**31 - 1)
    person_id: PersonId | None = Field(
        None, description="Empty when the article does not name the visitor."
    )

    @field_validator("to_country")
    @classmethod
    def two_sides(cls, value: str, info: ValidationInfo) -> str:
        return differs_from(value, info, "from_country")


class VisitOut(ReportedFields, VisitFields, CitedOut):
    id: int
    person_id: str | None
    person_name: str | None


class VisitFilter(FilterSet):
    country: Annotated[
        CountryRef | None,
        EitherEquals((Visit.from_country, Visit.to_country), ref=COUNTRY),
        Field(description="Visits from or to this country."),
    ] = None
    from_country: Annotated[
        CountryRef | None,
        Equals(Visit.from_country, ref=COUNTRY),
        Field(description="Visitor's country."),
    ] = None
    to_country: Annotated[
        CountryRef | None,
        Equals(Visit.to_country, ref=COUNTRY),
        Field(description="Host country."),
    ] = None
    year_from: Annotated[
        Year | None,
        AtLeast(Visit.year),
        Field(description="Visits in or after this year.", examples=[2004]),
    ] = None
    year_to: Annotated[
        Year | None,
        AtMost(Visit.year),
        Field(description="Visits in or before this year.", examples=[2019]),
    ] = None
    office: Annotated[
        Office | None,
        Equals(Visit.office),
        Field(description="Office the visitor held.", examples=["president"]),
    ] = None
    person: Annotated[
        PersonRef | None,
        Equals(Visit.person_id, ref=PERSON),
        Field(description="The person: id (see /v1/people), name or another spelling."),
    ] = None
