from app.citations.fields import cited, record_fields, source_of
from app.query.filters import RecordId
from app.query.resource import Resource, one
from app.summits.models import Summit
from app.summits.schemas import SummitFilter, SummitOut, SummitRecord

SUMMITS = Resource(
    name="summit count",
    plural="summits",
    description="Summits each republic has held with the Republic of Korea since 1992, most first.",
    from_clause=cited(Summit.__table__, Summit),
    fields=record_fields(Summit, SummitOut),
    key=Summit.id,
    item_schema=SummitOut,
    filters=SummitFilter,
    key_param=RecordId,
    row_schema=SummitRecord,
    title=lambda r, names: f"Summits with Korea: {names[r['country_code']]}",
    relations={
        "source": source_of(Summit),
        "country": one("countries", Summit.country_code, "the republic"),
    },
    order=((Summit.count, True),),
    groups={"country": Summit.country_code},
    sums={"count": Summit.count},
)
