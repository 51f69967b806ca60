from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from app.citations.schemas import CitedOut, CitedRecord
from app.countries.lookup import COUNTRY
from app.people.lookup import PERSON
from app.people.schemas import PersonId
from app.query.filters import AtLeast, AtMost, CountryRef, Equals, FilterSet, PersonRef, Year
from app.terms.models import Term
from app.vocab import Office


class TermFields(BaseModel):
    person_id: PersonId
    office: Office
    country_code: str = Field(pattern=r"^[A-Z]{2}$", description="The country of the office.")
    year_from: int | None = Field(
        None, ge=1900, le=2100, description="First year in office, when the article gives it."
    )
    year_to: int | None = Field(
        None, ge=1900, le=2100, description="Last year in office, when the article gives it."
    )

    @model_validator(mode="after")
    def years_in_order(self):
        if None not in (self.year_from, self.year_to) and self.year_from > self.year_to:
            raise ValueError("year_from must not be after year_to")
        return self


class TermRecord(TermFields, CitedRecord):
    id: int = Field(ge=1, le=2**31 - 1)


class TermOut(TermFields, CitedOut):
    id: int
    person_name: str = Field(description="The person's name as the article gives it.")


class TermFilter(FilterSet):
    person: Annotated[
        PersonRef | None,
        Equals(Term.person_id, ref=PERSON),
        Field(description="Terms of this person."),
    ] = None
    country: Annotated[
        CountryRef | None,
        Equals(Term.country_code, ref=COUNTRY),
        Field(description="Terms in an office of this country."),
    ] = None
    office: Annotated[
        Office | None,
        Equals(Term.office),
        Field(description="President or prime minister.", examples=["president"]),
    ] = None
    year_from: Annotated[
        Year | None,
        AtLeast(Term.year_from),
        Field(description="Terms that began in or after this year (where the year is given)."),
    ] = None
    year_to: Annotated[
        Year | None,
        AtMost(Term.year_to),
        Field(description="Terms that ended in or before this year (where the year is given)."),
    ] = None
