from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from app.citations.schemas import CitedOut, CitedRecord
from app.countries.lookup import COUNTRY
from app.people.lookup import PERSON
from app.people.models import Person
from app.people.schemas import PersonId
from app.person_facts.models import FactKind, PersonFact
from app.query.filters import CountryRef, Equals, FilterSet, PersonRef, Year


class PersonFactFields(BaseModel):
    person_id: PersonId
    kind: FactKind
    year: int | None = Field(
        None, ge=1900, le=2100, description="Year it happened; null when the article gives none."
    )
    figure: int | None = Field(
        None, ge=0, le=10_000, description="A number the fact states (a sentence's length)."
    )
    unit: Literal["years"] | None = Field(None, description="What `figure` counts.")

    @model_validator(mode="after")
    def figure_with_unit(self):
        if (self.figure is None) != (self.unit is None):
            raise ValueError("figure and unit are given together or not at all")
        return self


class PersonFactRecord(PersonFactFields, CitedRecord):
    id: int = Field(ge=1, le=2**31 - 1)


class PersonFactOut(PersonFactFields, CitedOut):
    id: int
    person_name: str = Field(description="The person's name as the article gives it.")
    country_code: str = Field(description="The person's country.")


class PersonFactFilter(FilterSet):
    person: Annotated[
        PersonRef | None,
        Equals(PersonFact.person_id, ref=PERSON),
        Field(description="Facts about this person."),
    ] = None
    country: Annotated[
        CountryRef | None,
        Equals(Person.country_code, ref=COUNTRY),
        Field(description="Facts about people of this country."),
    ] = None
    kind: Annotated[
        FactKind | None,
        Equals(PersonFact.kind),
        Field(description="What happened.", examples=["died_in_office"]),
    ] = None
    year: Annotated[
        Year | None,
        Equals(PersonFact.year),
        Field(description="Facts dated to this year."),
    ] = None
