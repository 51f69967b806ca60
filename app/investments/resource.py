from app.citations.fields import cited, record_fields, source_of
from app.countries.models import partner_of_korea
from app.investments.models import Investment
from app.investments.schemas import InvestmentFilter, InvestmentOut, InvestmentRecord
from app.investments.totals import TOTALS
from app.query.filters import RecordId
from app.query.resource import Resource, one
from app.vocab import as_words


def title(r, names) -> str:
    sides = " → ".join(names[c] for c in (r["from_country"], r["to_country"]) if c)
    kind = as_words(r["kind"]).capitalize()
    return f"{kind}: {sides}" if sides else kind


INVESTMENTS = Resource(
    name="investment",
    plural="investments",
    description="Every money figure: investment stocks, trade, credit lines, grants, agreements, "
    "economic-zone portfolios and project funding, with the article's qualifier.",
    from_clause=cited(Investment.__table__, Investment),
    fields=record_fields(Investment, InvestmentOut),
    key=Investment.id,
    item_schema=InvestmentOut,
    filters=InvestmentFilter,
    key_param=RecordId,
    row_schema=InvestmentRecord,
    title=title,
    relations={
        "source": source_of(Investment),
        "project": one("projects", Investment.project_id, "the project it belongs to"),
    },
    groups={
        "country": partner_of_korea(Investment.from_country, Investment.to_country),
        "from_country": Investment.from_country,
        "to_country": Investment.to_country,
        "kind": Investment.kind,
        "nature": Investment.nature,
        "qualifier": Investment.qualifier,
        "year": Investment.year_from,
        "months": Investment.months,
    },
    sums={"amount_usd": Investment.amount_usd, "count": Investment.count},
    qualifier=Investment.qualifier,
    summary=TOTALS,
    sums_apart_by="nature",
)
