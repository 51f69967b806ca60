from app.citations.fields import cited, record_fields
from app.countries.models import partner_of_korea
from app.people.models import Person
from app.query.filters import RecordId
from app.query.resource import Resource
from app.visits.models import Visit
from app.visits.schemas import VisitFilter, VisitOut

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
