from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.countries.models import Country
from app.query.filters import Equals, FilterSet
from app.text import Text


class CountryRecord(BaseModel):
    """A country as stored in `seeds/countries.csv` and answered by the API."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code.")
    name: Text(100)
    capital: Text(100) | None = None
    region: Text(100) = Field(description="UN geoscheme sub-region.")
    central_asia: bool = Field(description="True for the five Central Asian republics.")


class CountryFilter(FilterSet):
    central_asia: Annotated[
        bool | None,
        Equals(Country.central_asia),
        Field(
            description="Only the five republics (`true`) or only the others (`false`).",
            examples=[True],
        ),
    ] = None
    region: Annotated[
        str | None,
        Equals(Country.region),
        Field(max_length=100, description="Exact sub-region name.", examples=["Eastern Asia"]),
    ] = None
