from app.citations.fields import cited, record_fields
from app.investments.models import Investment
from app.investments.schemas import InvestmentFilter, InvestmentOut
from app.query.listing import Resource
from app.query.routes import RecordId, read_routes

INVESTMENTS = Resource(
    name="investment",
    source=cited(Investment.__table__, Investment),
    fields=record_fields(Investment, InvestmentOut),
    key=Investment.id,
)

router = read_routes(
    INVESTMENTS,
    plural="investments",
    filters=InvestmentFilter,
    out=InvestmentOut,
    key=RecordId,
    about="Every money figure: investment stocks, trade, credit lines, grants, agreements, "
    "economic-zone portfolios and project funding, with the article's qualifier.",
)
