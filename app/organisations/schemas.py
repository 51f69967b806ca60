from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from app.citations.reports import SupersedingFields
from app.citations.schemas import CitedOut, CitedRecord
from app.countries.lookup import COUNTRY
from app.organisations.models import Organisation
from app.query.filters import CountryRef, Equals, FilterSet
from app.text import Text
from app.vocab import OrganisationKind, StartScope


class OrganisationFields(BaseModel):
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$", description="Readable unique key.")
    name: Text(200) = Field(description="Name as the article spells it.")
    acronym: Text(40) | None = None
    kind: OrganisationKind
    country_code: str | None = Field(
        None, pattern=r"^[A-Z]{2}$", description="Country it belongs to; empty for joint bodies."
    )
    parent_id: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The organisation it is part of, when stored."
    )
    started_year: int | None = Field(
        None, ge=1900, le=2100, description="Year it began working, as `started_scope` says."
    )
    started_scope: StartScope | None = Field(
        None,
        description="`region`: the year it began working in or for Central Asia; `worldwide`: "
        "the year it began working at all. Set exactly when started_year is.",
    )


class OrganisationRecord(SupersedingFields, OrganisationFields, CitedRecord):
    id: int = Field(ge=1, le=2**31 - 1)

    @model_validator(mode="after")
    def scope_goes_with_year(self):
        if (self.started_year is None) != (self.started_scope is None):
            raise ValueError("started_scope is required with started_year and only with it")
        if self.parent_id is not None and self.parent_id == self.id:
            raise ValueError("parent_id cannot be the organisation itself")
        return self


class OrganisationOut(SupersedingFields, OrganisationFields, CitedOut):
    id: int


class OrganisationFilter(FilterSet):
    country: Annotated[
        CountryRef | None,
        Equals(Organisation.country_code, ref=COUNTRY),
        Field(description="Organisations of this country."),
    ] = None
    kind: Annotated[
        OrganisationKind | None,
        Equals(Organisation.kind),
        Field(description="What sort of organisation.", examples=["agency"]),
    ] = None
    started_scope: Annotated[
        StartScope | None,
        Equals(Organisation.started_scope),
        Field(description="Where its start year applies.", examples=["region"]),
    ] = None
