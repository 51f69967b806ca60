from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from app.agreements.models import Agreement
from app.citations.reports import SupersedingFields
from app.citations.schemas import CitedOut, CitedRecord
from app.countries.lookup import COUNTRY
from app.dates import DatedWithYearFields
from app.field_pairs import differs_from
from app.initiatives.schemas import Slug
from app.people.schemas import PersonId
from app.query.filters import (
    AtLeast,
    AtMost,
    CountryRef,
    EitherEquals,
    Equals,
    FilterSet,
    Year,
)
from app.text import Text
from app.vocab import AgreementKind, AgreementStatus

RecordKey = Annotated[int, Field(ge=1, le=2**31 - 1)]


class AgreementFields(DatedWithYearFields):
    slug: Slug
    name: Text(200) = Field(description="Name in the article's words.")
    kind: AgreementKind
    status: AgreementStatus
    country_a: str = Field(pattern=r"^[A-Z]{2}$", description="The party that acts.")
    country_b: str | None = Field(
        None, pattern=r"^[A-Z]{2}$", description="The other party, or the country concerned."
    )
    person_id: PersonId | None = Field(None, description="Who issued or signed it.")
    documents: int | None = Field(None, ge=1, description="Documents in a package.")
    investment_id: RecordKey | None = Field(None, description="Its money figure (investments).")
    mission_id: RecordKey | None = Field(None, description="The mission it concerns.")

    @field_validator("country_b")
    @classmethod
    def two_sides(cls, value: str | None, info: ValidationInfo) -> str | None:
        return differs_from(value, info, "country_a")


class AgreementRecord(SupersedingFields, AgreementFields, CitedRecord):
    id: RecordKey


class AgreementOut(SupersedingFields, AgreementFields, CitedOut):
    id: int
    person_name: str | None


class AgreementFilter(FilterSet):
    country: Annotated[
        CountryRef | None,
        EitherEquals((Agreement.country_a, Agreement.country_b), ref=COUNTRY),
        Field(description="Agreements this country is a party to or concerned by."),
    ] = None
    kind: Annotated[
        AgreementKind | None,
        Equals(Agreement.kind),
        Field(description="Agreement, package or decree.", examples=["decree"]),
    ] = None
    status: Annotated[
        AgreementStatus | None,
        Equals(Agreement.status),
        Field(description="Where it stands.", examples=["negotiating"]),
    ] = None
    year_from: Annotated[
        Year | None,
        AtLeast(Agreement.year),
        Field(description="Dated in or after this year.", examples=[2021]),
    ] = None
    year_to: Annotated[
        Year | None,
        AtMost(Agreement.year),
        Field(description="Dated in or before this year.", examples=[2021]),
    ] = None
