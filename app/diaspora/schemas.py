from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from app.citations.reports import SupersedingFields
from app.citations.schemas import CitedOut, CitedRecord
from app.countries.lookup import COUNTRY
from app.diaspora.models import DiasporaFigure
from app.query.filters import CountryRef, Equals, FilterSet
from app.vocab import DiasporaScope, Qualifier


class DiasporaFields(BaseModel):
    scope: DiasporaScope = Field(
        description="`country`: one republic; `central_asia`: the region; `worldwide`: all "
        "Koreans living outside Korea."
    )
    country_code: str | None = Field(
        None, pattern=r"^[A-Z]{2}$", description="Set exactly when scope is `country`."
    )
    population: int = Field(ge=0, le=10**10)
    qualifier: Qualifier


class DiasporaRecord(SupersedingFields, DiasporaFields, CitedRecord):
    id: int = Field(ge=1, le=2**31 - 1)

    @model_validator(mode="after")
    def country_matches_scope(self):
        if (self.scope == "country") != (self.country_code is not None):
            raise ValueError("country_code is required for scope 'country' and only for it")
        return self


class DiasporaOut(SupersedingFields, DiasporaFields, CitedOut):
    id: int


class DiasporaFilter(FilterSet):
    country: Annotated[
        CountryRef | None,
        Equals(DiasporaFigure.country_code, ref=COUNTRY),
        Field(description="The figure for this republic."),
    ] = None
    scope: Annotated[
        DiasporaScope | None,
        Equals(DiasporaFigure.scope),
        Field(description="One republic, the region, or worldwide.", examples=["country"]),
    ] = None
