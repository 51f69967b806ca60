from typing import Annotated

from fastapi import Path
from pydantic import WrapValidator

from app.countries.languages import SUPPORTED, country_name_in, name_of_country
from app.countries.lookup import COUNTRY
from app.countries.models import Country
from app.countries.schemas import CountryFilter, CountryRecord
from app.diaspora.models import DiasporaFigure
from app.missions.models import Mission
from app.people.models import Person
from app.query.filters import CountryCode
from app.query.resource import Resource, many
from app.summits.models import Summit


def _code_or_spelling(value, handler):
    """A two-letter code, in any case; a longer value (a name, an alpha-3 code) is kept as
    given, for the 404 to name the code it spells (Resource.missing)."""
    if not isinstance(value, str):
        return handler(value)
    value = value.strip()
    return value if 2 < len(value) <= 100 and value.isprintable() else handler(value)


# The spelling check wraps CountryCode's own (a validator added later wraps the earlier).
CodePath = Annotated[
    CountryCode,
    WrapValidator(_code_or_spelling),
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
    directory=COUNTRY,
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
