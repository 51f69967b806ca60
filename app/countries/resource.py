from typing import Annotated

from fastapi import Path
from pydantic import AfterValidator

from app.countries.models import Country
from app.countries.schemas import CountryFilter, CountryRecord
from app.query.resource import Resource

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
    order=((Country.central_asia, True),),
    groups={"region": Country.region, "central_asia": Country.central_asia},
)
