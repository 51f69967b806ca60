from typing import Annotated

from pydantic import Field

from app.citations.reports import ReportedFields
from app.citations.schemas import CitedOut, CitedRecord
from app.countries.lookup import COUNTRY
from app.dates import DatedWithYearFields
from app.initiatives.models import Initiative
from app.people.lookup import PERSON
from app.people.schemas import PersonId
from app.query.filters import (
    AtLeast,
    AtMost,
    CountryRef,
    Equals,
    FilterSet,
    PersonRef,
    Year,
)
from app.text import Text
from app.vocab import InitiativeKind

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$", examples=["new-northern-policy"])]
InitiativeId = Annotated[int, Field(ge=1, le=2**31 - 1)]


class InitiativeFields(DatedWithYearFields):
    slug: Slug
    name: Text(200) = Field(description="Name as the article gives it.")
    kind: InitiativeKind
    country_code: str | None = Field(
        None, pattern=r"^[A-Z]{2}$", description="Country that proposed or runs it."
    )
    person_id: PersonId | None = Field(None, description="Who proposed it, or led this phase.")
    parent_id: InitiativeId | None = Field(None, description="The initiative this is part of.")
    competes_with_id: InitiativeId | None = Field(
        None, description="The initiative the article sets it against."
    )


class InitiativeRecord(ReportedFields, InitiativeFields, CitedRecord):
    id: InitiativeId


class InitiativeOut(ReportedFields, InitiativeFields, CitedOut):
    id: int
    person_name: str | None


class InitiativeFilter(FilterSet):
    country: Annotated[
        CountryRef | None,
        Equals(Initiative.country_code, ref=COUNTRY),
        Field(description="Initiatives this country proposed or runs."),
    ] = None
    kind: Annotated[
        InitiativeKind | None,
        Equals(Initiative.kind),
        Field(description="Policy, task, goal, corridor…", examples=["task"]),
    ] = None
    person: Annotated[
        PersonRef | None,
        Equals(Initiative.person_id, ref=PERSON),
        Field(description="The person: id (see /v1/people), name or another spelling."),
    ] = None
    parent: Annotated[
        InitiativeId | None,
        Equals(Initiative.parent_id, ref=Initiative.id),
        Field(description="Parts of this initiative (its id).", examples=[3]),
    ] = None
    year_from: Annotated[
        Year | None,
        AtLeast(Initiative.year),
        Field(description="Dated in or after this year.", examples=[2017]),
    ] = None
    year_to: Annotated[
        Year | None,
        AtMost(Initiative.year),
        Field(description="Dated in or before this year.", examples=[2018]),
    ] = None
