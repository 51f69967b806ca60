from typing import Annotated

from fastapi import Path
from pydantic import AfterValidator

from app.countries.models import Country
from app.countries.schemas import CountryFilter, CountryRecord
from app.query.listing import Resource
from app.query.routes import read_routes

COUNTRIES = Resource(
    name="country",
    source=Country.__table__,
    fields={
        "code": Country.code,
        "name": Country.name,
        "capital": Country.capital,
        "region": Country.region,
        "central_asia": Country.central_asia,
    },
    key=Country.code,
    order=((Country.central_asia, True),),
)

CodePath = Annotated[
    str,
    Path(
        alias="code",
        pattern=r"^[A-Za-z]{2}$",
        description="Country code, any case.",
        examples=["uz"],
    ),
    AfterValidator(str.upper),
]

router = read_routes(
    COUNTRIES,
    plural="countries",
    filters=CountryFilter,
    out=CountryRecord,
    key=CodePath,
    key_name="code",
    about="The five Central Asian republics, the Republic of Korea and the other countries "
    "the article gives a role to.",
)
