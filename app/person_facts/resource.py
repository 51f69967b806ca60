from app.citations.fields import cited, record_fields, source_of
from app.people.models import Person
from app.person_facts.models import PersonFact
from app.person_facts.schemas import PersonFactFilter, PersonFactOut, PersonFactRecord
from app.query.filters import RecordId
from app.query.resource import Resource, one
from app.vocab import as_words


def title(r, names) -> str:
    when = f", {r['year']}" if r["year"] else ""
    return f"{r['person_name']}: {as_words(r['kind'])}{when}"


PERSON_FACTS = Resource(
    name="person fact",
    plural="person_facts",
    description="What the article says befell presidents in or after office: deaths in office, "
    "sentences, exile, peaceful handovers.",
    from_clause=cited(
        PersonFact.__table__.join(Person, Person.id == PersonFact.person_id), PersonFact
    ),
    fields=record_fields(
        PersonFact, PersonFactOut, person_name=Person.name, country_code=Person.country_code
    ),
    key=PersonFact.id,
    item_schema=PersonFactOut,
    filters=PersonFactFilter,
    key_param=RecordId,
    row_schema=PersonFactRecord,
    title=title,
    relations={
        "source": source_of(PersonFact),
        "person": one("people", PersonFact.person_id, "the person it concerns"),
    },
    groups={
        "kind": PersonFact.kind,
        "year": PersonFact.year,
        "person": PersonFact.person_id,
        "country": Person.country_code,
    },
)
