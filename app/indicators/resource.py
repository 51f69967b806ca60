from app.citations.fields import cited, record_fields, source_of
from app.countries.models import partner_of_korea
from app.indicators.models import Indicator
from app.indicators.schemas import IndicatorFilter, IndicatorOut, IndicatorRecord
from app.query.filters import RecordId
from app.query.resource import Resource, one
from app.vocab import as_words


def title(r, names) -> str:
    sides = " / ".join(names[c] for c in (r["subject_country"], r["partner_country"]) if c)
    return f"{as_words(r['measure']).capitalize()}: {sides}"


# No `sums`: ranks, shares and head counts do not add up, so `metric=sum:value` is refused
# with the 400 that lists the metrics offered (counts per measure, unit or country).
INDICATORS = Resource(
    name="indicator",
    plural="indicators",
    description="Dated figures that are neither money nor population: investor and partner "
    "ranks, a share of uranium imports, people working without permits, campaign participants.",
    from_clause=cited(Indicator.__table__, Indicator),
    fields=record_fields(Indicator, IndicatorOut),
    key=Indicator.id,
    item_schema=IndicatorOut,
    filters=IndicatorFilter,
    key_param=RecordId,
    row_schema=IndicatorRecord,
    title=title,
    relations={
        "source": source_of(Indicator),
        "subject": one("countries", Indicator.subject_country, "the country measured"),
        "partner": one("countries", Indicator.partner_country, "the country it is measured in"),
    },
    groups={
        "country": partner_of_korea(Indicator.subject_country, Indicator.partner_country),
        "subject_country": Indicator.subject_country,
        "partner_country": Indicator.partner_country,
        "measure": Indicator.measure,
        "unit": Indicator.unit,
        "qualifier": Indicator.qualifier,
        "year": Indicator.year,
    },
    qualifier=Indicator.qualifier,
)
