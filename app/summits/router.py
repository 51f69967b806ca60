from app.citations.fields import cited, record_fields
from app.query.listing import Resource
from app.query.routes import RecordId, read_routes
from app.summits.models import Summit
from app.summits.schemas import SummitFilter, SummitOut

SUMMITS = Resource(
    name="summit count",
    source=cited(Summit.__table__, Summit),
    fields=record_fields(Summit, SummitOut),
    key=Summit.id,
    order=((Summit.count, True),),
)

router = read_routes(
    SUMMITS,
    plural="summits",
    filters=SummitFilter,
    out=SummitOut,
    key=RecordId,
    about="Summits each republic has held with the Republic of Korea since 1992, most first.",
)
