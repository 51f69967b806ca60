from app.citations.fields import cited, record_fields
from app.countries.models import partner_of_korea
from app.investments.models import Investment
from app.investments.schemas import InvestmentFilter, InvestmentOut
from app.query.filters import RecordId
from app.query.resource import Resource

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
    groups={
        "country": partner_of_korea(Investment.from_country, Investment.to_country),
        "from_country": Investment.from_country,
        "to_country": Investment.to_country,
        "kind": Investment.kind,
        "qualifier": Investment.qualifier,
        "year": Investment.year_from,
    },
    sums={"amount_usd": Investment.amount_usd, "count": Investment.count},
    qualifier=Investment.qualifier,
)
