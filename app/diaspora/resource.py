from app.citations.fields import cited, record_fields
from app.diaspora.models import DiasporaFigure
from app.diaspora.schemas import DiasporaFilter, DiasporaOut
from app.query.filters import RecordId
from app.query.resource import Resource

DIASPORA = Resource(
    name="diaspora figure",
    plural="diaspora",
    description="Ethnic Koreans (Koryo-saram) per republic, in the region, and outside Korea.",
    from_clause=cited(DiasporaFigure.__table__, DiasporaFigure),
    fields=record_fields(DiasporaFigure, DiasporaOut),
    key=DiasporaFigure.id,
    item_schema=DiasporaOut,
    filters=DiasporaFilter,
    key_param=RecordId,
    order=((DiasporaFigure.population, True),),
    groups={
        "country": DiasporaFigure.country_code,
        "scope": DiasporaFigure.scope,
        "qualifier": DiasporaFigure.qualifier,
    },
    sums={"population": DiasporaFigure.population},
    qualifier=DiasporaFigure.qualifier,
)
