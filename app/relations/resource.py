from app.citations.fields import cited, record_fields, source_of
from app.countries.models import partner_of_korea
from app.query.filters import RecordId
from app.query.resource import Resource, one
from app.relations.models import StateRelation
from app.relations.schemas import RelationFilter, RelationOut, RelationRecord
from app.vocab import as_words


def title(r, names) -> str:
    when = f", {r['year']}" if r["year"] else ""
    return (
        f"{as_words(r['kind']).capitalize()}: {names[r['from_country']]} – "
        f"{names[r['to_country']]}{when}"
    )


RELATIONS = Resource(
    name="relation",
    plural="relations",
    description="Recognition and diplomatic relations between Korea and the republics.",
    from_clause=cited(StateRelation.__table__, StateRelation),
    fields=record_fields(StateRelation, RelationOut),
    key=StateRelation.id,
    item_schema=RelationOut,
    filters=RelationFilter,
    key_param=RecordId,
    row_schema=RelationRecord,
    title=title,
    relations={
        "source": source_of(StateRelation),
        "from_state": one("countries", StateRelation.from_country, "the first state"),
        "to_state": one("countries", StateRelation.to_country, "the other state"),
    },
    groups={
        "country": partner_of_korea(StateRelation.from_country, StateRelation.to_country),
        "kind": StateRelation.kind,
        "year": StateRelation.year,
    },
)
