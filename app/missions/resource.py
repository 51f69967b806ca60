from app.citations.fields import cited, record_fields
from app.countries.models import partner_of_korea
from app.missions.models import Mission
from app.missions.schemas import MissionFilter, MissionOut
from app.query.filters import RecordId
from app.query.resource import Resource

MISSIONS = Resource(
    name="mission",
    plural="missions",
    description="Embassies and consulates general between Korea and the republics.",
    from_clause=cited(Mission.__table__, Mission),
    fields=record_fields(Mission, MissionOut),
    key=Mission.id,
    item_schema=MissionOut,
    filters=MissionFilter,
    key_param=RecordId,
    groups={
        "country": partner_of_korea(Mission.sending_country, Mission.host_country),
        "sending_country": Mission.sending_country,
        "host_country": Mission.host_country,
        "kind": Mission.kind,
        "status": Mission.status,
        "year": Mission.year,
    },
)
