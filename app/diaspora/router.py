from app.citations.fields import cited, record_fields
from app.diaspora.models import DiasporaFigure
from app.diaspora.schemas import DiasporaFilter, DiasporaOut
from app.query.listing import Resource
from app.query.routes import RecordId, read_routes

DIASPORA = Resource(
    name="diaspora figure",
    source=cited(DiasporaFigure.__table__, DiasporaFigure),
    fields=record_fields(DiasporaFigure, DiasporaOut),
    key=DiasporaFigure.id,
    order=((DiasporaFigure.population, True),),
)

router = read_routes(
    DIASPORA,
    plural="diaspora",
    filters=DiasporaFilter,
    out=DiasporaOut,
    key=RecordId,
    about="Ethnic Koreans (Koryo-saram) per republic, in the region, and outside Korea.",
)
