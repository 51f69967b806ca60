from app.citations.fields import cited, record_fields, source_of
from app.diaspora.models import DiasporaFigure
from app.diaspora.schemas import DiasporaFilter, DiasporaOut, DiasporaRecord
from app.query.filters import RecordId
from app.query.resource import Resource, one


def title(r, names) -> str:
    where = names.get(r["country_code"]) or {"central_asia": "Central Asia"}.get(
        r["scope"], "the world outside Korea"
    )
    return f"Koryo-saram in {where}"


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
    row_schema=DiasporaRecord,
    title=title,
    relations={
        "source": source_of(DiasporaFigure),
        "country": one("countries", DiasporaFigure.country_code, "the republic"),
    },
    order=((DiasporaFigure.population, True),),
    groups={
        "country": DiasporaFigure.country_code,
        "scope": DiasporaFigure.scope,
        "qualifier": DiasporaFigure.qualifier,
    },
    sums={"population": DiasporaFigure.population},
    qualifier=DiasporaFigure.qualifier,
)
