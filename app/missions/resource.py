from app.citations.fields import cited, record_fields, source_of
from app.countries.models import partner_of_korea
from app.missions.models import Mission
from app.missions.schemas import MissionFilter, MissionOut, MissionRecord
from app.query.filters import RecordId
from app.query.resource import Resource
from app.vocab import as_words


def title(r, names) -> str:
    return f"{as_words(r['kind']).capitalize()} of {names[r['sending_country']]} in {r['city']}"


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
    row_schema=MissionRecord,
    title=title,
    relations={"source": source_of(Mission)},
    groups={
        "country": partner_of_korea(Mission.sending_country, Mission.host_country),
        "sending_country": Mission.sending_country,
        "host_country": Mission.host_country,
        "kind": Mission.kind,
        "status": Mission.status,
        "year": Mission.year,
    },
)
