"""Every resource the API serves, one line each. Routes, seeding order, write schemas, exports,
the data package, search, the change log, Alembic's metadata and the tests' inventories are all
derived from this list (see README, "Adding a resource")."""

from app.agreements.resource import AGREEMENTS
from app.citations.extra import ExtraCitation, ExtraCitationRecord
from app.citations.models import Paragraph
from app.citations.schemas import ParagraphRecord
from app.countries.models import CountryName
from app.countries.resource import COUNTRIES
from app.countries.schemas import CountryNameRecord
from app.diaspora.resource import DIASPORA
from app.forum_sessions.resource import FORUM_SESSIONS
from app.indicators.resource import INDICATORS
from app.initiatives.resource import INITIATIVES
from app.investments.resource import INVESTMENTS
from app.missions.resource import MISSIONS
from app.organisations.resource import ORGANISATIONS
from app.people.models import PersonAlias
from app.people.resource import PEOPLE
from app.people.schemas import PersonAliasRecord
from app.person_facts.resource import PERSON_FACTS
from app.projects.resource import PROJECTS
from app.query.registry import Registry, SeedTable
from app.relations.resource import RELATIONS
from app.sources.resource import SOURCES
from app.summits.resource import SUMMITS
from app.terms.resource import TERMS
from app.visits.resource import VISITS

REGISTRY = Registry(
    COUNTRIES,
    PEOPLE,
    VISITS,
    SUMMITS,
    PROJECTS,
    INVESTMENTS,
    MISSIONS,
    DIASPORA,
    ORGANISATIONS,
    FORUM_SESSIONS,
    INDICATORS,
    SOURCES,
    INITIATIVES,
    AGREEMENTS,
    RELATIONS,
    TERMS,
    PERSON_FACTS,
    unserved=(
        SeedTable(Paragraph.__table__, ParagraphRecord),
        SeedTable(CountryName.__table__, CountryNameRecord),
        SeedTable(PersonAlias.__table__, PersonAliasRecord),
        SeedTable(ExtraCitation.__table__, ExtraCitationRecord),
    ),
)
