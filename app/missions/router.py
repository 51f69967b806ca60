from app.citations.fields import cited, record_fields
from app.missions.models import Mission
from app.missions.schemas import MissionFilter, MissionOut
from app.query.listing import Resource
from app.query.routes import RecordId, read_routes

MISSIONS = Resource(
    name="mission",
    source=cited(Mission.__table__, Mission),
    fields=record_fields(Mission, MissionOut),
    key=Mission.id,
)

router = read_routes(
    MISSIONS,
    plural="missions",
    filters=MissionFilter,
    out=MissionOut,
    key=RecordId,
    about="Embassies and consulates general between Korea and the republics.",
)
