from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import exists

from app.countries.lookup import COUNTRY
from app.people.models import Person
from app.query.filters import CountryRef, Equals, Filter, FilterSet
from app.text import Text
from app.visits.models import Visit

PersonId = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9-]{0,59}$",
        description="Slug of the person's name.",
        examples=["moon-jae-in"],
    ),
]


class PersonRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: PersonId
    name: Text(120) = Field(description="Name as the article gives it.")
    country_code: str = Field(pattern=r"^[A-Z]{2}$")


class PersonAliasRecord(BaseModel):
    """Another spelling of a person's name, as stored in `seeds/person_aliases.csv`, with the
    page that uses it."""

    model_config = ConfigDict(extra="forbid")

    id: PersonId = Field(description="Slug of the spelling; person filters take it.")
    person_id: PersonId
    alias: Text(120) = Field(description="The spelling, as the page prints it.")
    title: Text(300) = Field(description="Title of the page.")
    publisher: Text(200)
    year: int | None = Field(None, ge=1900, le=2100, description="When the page says.")
    url: Text(500, pattern=r"^https?://\S+$")
    locator: Text(200) = Field(description="Where on the page the spelling is.")


@dataclass(frozen=True)
class HasVisits(Filter):
    """People with at least one visit (true) or none (false). The value is compared in SQL, as
    the list executor binds it as a parameter."""

    def clause(self, value):
        return exists().where(Visit.person_id == Person.id) == value


class PersonFilter(FilterSet):
    country: Annotated[
        CountryRef | None,
        Equals(Person.country_code, ref=COUNTRY),
        Field(description="People of this country."),
    ] = None
    traveller: Annotated[
        bool | None,
        HasVisits(),
        Field(
            description="true: people whose visits the article dates; false: people it names "
            "only for their terms or fates.",
            examples=[False],
        ),
    ] = None
