from typing import Annotated

from fastapi import Path

from app.people.models import Person
from app.people.schemas import PersonFilter, PersonRecord
from app.query.listing import Resource
from app.query.routes import read_routes

PEOPLE = Resource(
    name="person",
    source=Person.__table__,
    fields={"id": Person.id, "name": Person.name, "country_code": Person.country_code},
    key=Person.id,
)

router = read_routes(
    PEOPLE,
    plural="people",
    filters=PersonFilter,
    out=PersonRecord,
    key=Annotated[
        str, Path(alias="id", max_length=60, description="Person slug.", examples=["moon-jae-in"])
    ],
    about="Heads of state and government whose visits the article dates.",
)
