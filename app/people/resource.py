from typing import Annotated

from fastapi import Path

from app.people.lookup import PERSON
from app.people.models import Person
from app.people.schemas import PersonFilter, PersonRecord
from app.person_facts.models import PersonFact
from app.query.resource import Resource, many, one
from app.terms.models import Term
from app.visits.models import Visit

PEOPLE = Resource(
    name="person",
    plural="people",
    description="Heads of state and government the article names: those whose visits it dates, "
    "and the presidents whose terms and fates it recounts.",
    from_clause=Person.__table__,
    fields={name: getattr(Person, name) for name in PersonRecord.model_fields},
    key=Person.id,
    item_schema=PersonRecord,
    filters=PersonFilter,
    key_param=Annotated[
        str, Path(alias="id", max_length=60, description="Person slug.", examples=["moon-jae-in"])
    ],
    row_schema=PersonRecord,
    directory=PERSON,
    title=lambda r, names: r["name"],
    relations={
        "visits": many("visits", Visit.person_id, "the visits they made"),
        "country": one("countries", Person.country_code, "their country"),
        "terms": many("terms", Term.person_id, "their terms in office"),
        "facts": many("person_facts", PersonFact.person_id, "what the article says befell them"),
    },
    groups={"country": Person.country_code},
)
