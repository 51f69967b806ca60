from typing import Annotated
from urllib.parse import quote

from fastapi import Path
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from app.countries.languages import SUPPORTED, country_name_in, name_of_country
from app.countries.models import Country
from app.countries.schemas import CountryFilter, CountryRecord
from app.diaspora.models import DiasporaFigure
from app.missions.models import Mission
from app.people.models import Person
from app.query.filters import CountryCode
from app.query.resource import Resource, many
from app.summits.models import Summit


def _code_not_name(value: str) -> str:
    """A name given for the code: the message points to the list that finds it by name."""
    if len(value) > 2:
        raise PydanticCustomError(
            "country_code",
            "expected a two-letter country code, any case; find a country by its name with "
            "/v1/countries?q={name}",
            {"name": quote(value.strip(), safe="")},
        )
    return value


# The name check runs first, before CountryCode's own (a validator added later wraps it).
CodePath = Annotated[
    CountryCode,
    BeforeValidator(_code_not_name),
    Path(alias="code", description="Country code, any case.", examples=["uz"]),
]

COUNTRIES = Resource(
    name="country",
    plural="countries",
    description="The five Central Asian republics, the Republic of Korea and the other countries "
    "the article gives a role to.",
    from_clause=Country.__table__,
    fields={name: getattr(Country, name) for name in CountryRecord.model_fields},
    key=Country.code,
    item_schema=CountryRecord,
    filters=CountryFilter,
    key_param=CodePath,
    key_name="code",
    row_schema=CountryRecord,
    title=lambda r, names: r["name"],
    relations={
        "missions": many(
            "missions",
            (Mission.sending_country, Mission.host_country),
            "missions it sends or hosts",
        ),
        "people": many("people", Person.country_code, "its travelling leaders"),
        "summits": many("summits", Summit.country_code, "its summit count with Korea"),
        "diaspora": many("diaspora", DiasporaFigure.country_code, "its Koryo-saram figure"),
    },
    order=((Country.central_asia, True),),
    groups={"region": Country.region, "central_asia": Country.central_asia},
    localized=lambda lang: {"name": country_name_in(lang)},
    languages=SUPPORTED,
    label=name_of_country,
)
