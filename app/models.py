"""Every mapped table, imported in one place so Alembic and the seeder see the whole schema."""

from app.citations.models import Paragraph
from app.countries.models import Country
from app.curation.models import ApiToken, Change
from app.db import Base
from app.diaspora.models import DiasporaFigure
from app.investments.models import Investment
from app.meta.models import DatasetVersion
from app.missions.models import Mission
from app.people.models import Person
from app.projects.models import Project
from app.search.models import SearchDocument
from app.sources.models import Source
from app.summits.models import Summit
from app.visits.models import Visit

__all__ = [
    "ApiToken",
    "Base",
    "Change",
    "Country",
    "DatasetVersion",
    "DiasporaFigure",
    "Investment",
    "Mission",
    "Paragraph",
    "Person",
    "Project",
    "SearchDocument",
    "Source",
    "Summit",
    "Visit",
]
