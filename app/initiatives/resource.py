from app.citations.fields import cited, record_fields, source_of
from app.initiatives.models import Initiative
from app.initiatives.schemas import InitiativeFilter, InitiativeOut, InitiativeRecord
from app.people.models import Person
from app.query.filters import RecordId
from app.query.resource import Resource, many, one
from app.vocab import as_words


def title(r, names) -> str:
    where = f", {names[r['country_code']]}" if r["country_code"] else ""
    when = f", {r['year']}" if r["year"] else ""
    return f"{r['name']} ({as_words(r['kind'])}{where}{when})"


INITIATIVES = Resource(
    name="initiative",
    plural="initiatives",
    description="Policy initiatives and their parts (phases, aims, corridors, strategies, tasks, "
    "goals): who proposed them and when, what they belong to and what they compete with.",
    from_clause=cited(
        Initiative.__table__.outerjoin(Person, Person.id == Initiative.person_id), Initiative
    ),
    fields=record_fields(Initiative, InitiativeOut, person_name=Person.name),
    key=Initiative.id,
    item_schema=InitiativeOut,
    filters=InitiativeFilter,
    key_param=RecordId,
    row_schema=InitiativeRecord,
    title=title,
    relations={
        "source": source_of(Initiative),
        "country": one("countries", Initiative.country_code, "the proposing country"),
        "person": one("people", Initiative.person_id, "who proposed it"),
        "parent": one("initiatives", Initiative.parent_id, "the initiative it is part of"),
        "competes_with": one(
            "initiatives", Initiative.competes_with_id, "the initiative it competes with"
        ),
        "parts": many("initiatives", Initiative.parent_id, "its phases, tasks, goals…"),
    },
    groups={
        "country": Initiative.country_code,
        "kind": Initiative.kind,
        "person": Initiative.person_id,
        "year": Initiative.year,
        "date_precision": Initiative.date_precision,
    },
)
