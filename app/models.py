"""The whole schema, for Alembic: the tables the registry's resources declare, and the tables
the app keeps beside them (paragraphs, tokens, the change log, the version, search)."""

from app.citations.models import Paragraph
from app.curation.models import ApiToken, Change
from app.db import Base
from app.investments.totals import InvestmentTotal
from app.meta.models import DatasetVersion
from app.registry import REGISTRY
from app.search.models import SearchDocument

__all__ = [
    "REGISTRY",
    "ApiToken",
    "Base",
    "Change",
    "DatasetVersion",
    "InvestmentTotal",
    "Paragraph",
    "SearchDocument",
]
