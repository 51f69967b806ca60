from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.countries.models import Country
from app.people.models import Person
from app.query.filters import CountryCode, Equals, FilterSet
from app.text import Text

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


class PersonFilter(FilterSet):
    country: Annotated[
        CountryCode | None,
        Equals(Person.country_code, ref=Country.code),
        Field(description="People of this country."),
    ] = None
