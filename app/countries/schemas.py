from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
    alpha3: str | None = Field(None, pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code.")
    numeric: str | None = Field(
        None, pattern=r"^[0-9]{3}$", description="ISO 3166-1 numeric code (three digits)."
    )


class CountryNameRecord(BaseModel):
    """A country's name in one language, as stored in `seeds/country_names.csv`."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[A-Z]{2}-[a-z]{2,3}$", description="`<country_code>-<lang>`.")
    country_code: str = Field(pattern=r"^[A-Z]{2}$")
    lang: str = Field(pattern=r"^[a-z]{2,3}$", description="ISO 639-1 language code.")
    name: Text(100)
    source: Text(200) = Field(description="Library and version the name comes from.")

    @model_validator(mode="after")
    def _id_names_the_pair(self) -> "CountryNameRecord":
        if self.id != f"{self.country_code}-{self.lang}":
            raise ValueError(f"id must be '{self.country_code}-{self.lang}'.")
        return self


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
