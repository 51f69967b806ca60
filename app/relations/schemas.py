from typing import Annotated

from pydantic import BaseModel, Field

from app.citations.schemas import CitedOut, CitedRecord
from app.countries.lookup import COUNTRY
from app.query.filters import CountryRef, EitherEquals, Equals, FilterSet, Year
from app.relations.models import RelationKind, StateRelation


class RelationFields(BaseModel):
    from_country: str = Field(
        pattern=r"^[A-Z]{2}$", description="The state that recognises, or speaks of the relations."
    )
    to_country: str = Field(pattern=r"^[A-Z]{2}$", description="The other state.")
    kind: RelationKind
    year: int | None = Field(
        None, ge=1900, le=2100, description="Year of the step; null when the article gives none."
    )


class RelationRecord(RelationFields, CitedRecord):
    id: int = Field(ge=1, le=2**31 - 1)


class RelationOut(RelationFields, CitedOut):
    id: int


class RelationFilter(FilterSet):
    country: Annotated[
        CountryRef | None,
        EitherEquals((StateRelation.from_country, StateRelation.to_country), ref=COUNTRY),
        Field(description="Relations this country is either side of."),
    ] = None
    kind: Annotated[
        RelationKind | None,
        Equals(StateRelation.kind),
        Field(description="Recognition or diplomatic relations.", examples=["recognition"]),
    ] = None
    year: Annotated[
        Year | None,
        Equals(StateRelation.year),
        Field(description="Steps taken in this year."),
    ] = None
