from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from app.citations.schemas import CitedOut, CitedRecord
from app.countries.lookup import COUNTRY
from app.dates import DatedTextFields
from app.field_pairs import not_before
from app.projects.models import Project
from app.query.filters import (
    ActiveIn,
    Amount,
    AtLeast,
    AtMost,
    CountryRef,
    Equals,
    FilterSet,
    Year,
)
from app.text import Text
from app.vocab import ProjectKind, Qualifier, Sector


class ProjectFields(DatedTextFields):
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$", description="Readable unique key.")
    name: Text(200)
    country_code: str | None = Field(
        None, pattern=r"^[A-Z]{2}$", description="Host republic; empty for regional projects."
    )
    city: Text(100) | None = None
    kind: ProjectKind
    sector: Sector
    korean_party: Text(200) | None = Field(None, description="Korean agency or company involved.")
    year_from: int | None = Field(None, ge=1900, le=2100)
    year_to: int | None = Field(None, ge=1900, le=2100, description="Empty while running.")
    value_usd: int | None = Field(None, ge=0, le=10**15, description="Value in US dollars.")
    value_qualifier: Qualifier | None = Field(
        None, description="How the source states the value (given with the value, and only then)."
    )
    sub_projects: int | None = Field(
        None, ge=0, le=1_000_000, description="Projects carried out under it, where counted."
    )
    organisation_id: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The organisation behind it, where recorded."
    )
    possibly_same_as: int | None = Field(
        None, ge=1, le=2**31 - 1, description="Another project that may be the same thing."
    )

    @model_validator(mode="after")
    def value_qualified(self):
        if (self.value_usd is None) != (self.value_qualifier is None):
            raise PydanticCustomError(
                "value_qualifier", "value_usd and value_qualifier are given together"
            )
        return self


class ProjectRecord(ProjectFields, CitedRecord):
    id: int = Field(ge=1, le=2**31 - 1)

    @field_validator("year_to")
    @classmethod
    def ends_after_start(cls, value: int | None, info: ValidationInfo) -> int | None:
        return not_before(value, info, "year_from")


class ProjectOut(ProjectFields, CitedOut):
    id: int


class ProjectFilter(FilterSet):
    country: Annotated[
        CountryRef | None,
        Equals(Project.country_code, ref=COUNTRY),
        Field(description="Projects hosted in this country."),
    ] = None
    kind: Annotated[
        ProjectKind | None,
        Equals(Project.kind),
        Field(description="What sort of project.", examples=["free_economic_zone"]),
    ] = None
    sector: Annotated[
        Sector | None,
        Equals(Project.sector),
        Field(description="Field of activity.", examples=["education"]),
    ] = None
    year: Annotated[
        Year | None,
        ActiveIn(Project.year_from, Project.year_to),
        Field(description="Projects running in this year (started, and not ended before it)."),
    ] = None
    year_from: Annotated[
        Year | None,
        AtLeast(Project.year_from),
        Field(description="Projects that started in or after this year."),
    ] = None
    year_to: Annotated[
        Year | None,
        AtMost(Project.year_to),
        Field(description="Projects that ended in or before this year."),
    ] = None
    min_value_usd: Annotated[
        Amount | None,
        AtLeast(Project.value_usd),
        Field(description="Value of at least this many US dollars (valued projects only)."),
    ] = None
    max_value_usd: Annotated[
        Amount | None,
        AtMost(Project.value_usd),
        Field(description="Value of at most this many US dollars (valued projects only)."),
    ] = None
