from app.citations.fields import cited, record_fields, source_of
from app.countries.models import partner_of_korea
from app.people.models import Person
from app.query.filters import RecordId
from app.query.resource import Resource, one
from app.visits.models import Visit
from app.visits.schemas import VisitFilter, VisitOut, VisitRecord
from app.vocab import as_words


def title(r, names) -> str:
    who = r["person_name"] or "Unnamed leader"
    return (
        f"{who} ({as_words(r['office'])}): {names[r['from_country']]} → "
        f"{names[r['to_country']]}, {r['year']}"
    )


VISITS = Resource(
    name="visit",
    plural="visits",
    description="Presidential and prime-ministerial visits between Korea and the republics, "
    "by year.",
    from_clause=cited(Visit.__table__.outerjoin(Person, Person.id == Visit.person_id), Visit),
    fields=record_fields(Visit, VisitOut, person_name=Person.name),
    key=Visit.id,
    item_schema=VisitOut,
    filters=VisitFilter,
    key_param=RecordId,
    row_schema=VisitRecord,
    title=title,
    relations={
        "source": source_of(Visit),
        "person": one("people", Visit.person_id, "the visitor"),
    },
    order=((Visit.year, False),),
    groups={
        "country": partner_of_korea(Visit.from_country, Visit.to_country),
        "from_country": Visit.from_country,
        "to_country": Visit.to_country,
        "year": Visit.year,
        "office": Visit.office,
        "person": Visit.person_id,
    },
)
