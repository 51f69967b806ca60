from app.citations.fields import cited, record_fields
from app.people.models import Person
from app.query.listing import Resource
from app.query.routes import RecordId, read_routes
from app.visits.models import Visit
from app.visits.schemas import VisitFilter, VisitOut

VISITS = Resource(
    name="visit",
    source=cited(Visit.__table__.outerjoin(Person, Person.id == Visit.person_id), Visit),
    fields=record_fields(Visit, VisitOut, person_name=Person.name),
    key=Visit.id,
    order=((Visit.year, False),),
)

router = read_routes(
    VISITS,
    plural="visits",
    filters=VisitFilter,
    out=VisitOut,
    key=RecordId,
    about="Presidential and prime-ministerial visits between Korea and the republics, by year.",
)
