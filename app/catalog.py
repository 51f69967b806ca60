"""Every resource the API serves, and the `include=` links between them."""

from app.countries.models import Country
from app.countries.resource import COUNTRIES
from app.diaspora.models import DiasporaFigure
from app.diaspora.resource import DIASPORA
from app.investments.models import Investment
from app.investments.resource import INVESTMENTS
from app.missions.models import Mission
from app.missions.resource import MISSIONS
from app.people.models import Person
from app.people.resource import PEOPLE
from app.projects.models import Project
from app.projects.resource import PROJECTS
from app.query.resource import Include
from app.sources.models import Source
from app.sources.resource import SOURCES
from app.summits.models import Summit
from app.summits.resource import SUMMITS
from app.visits.models import Visit
from app.visits.resource import VISITS

RESOURCES = (
    COUNTRIES,
    PEOPLE,
    VISITS,
    SUMMITS,
    PROJECTS,
    INVESTMENTS,
    MISSIONS,
    DIASPORA,
    SOURCES,
)
CITED = (VISITS, SUMMITS, PROJECTS, INVESTMENTS, MISSIONS, DIASPORA)
BY_PLURAL = {resource.plural: resource for resource in RESOURCES}


def _one(local, target, remote, description):
    return Include(local, target, (remote,), many=False, description=description)


def _many(local, target, remote, description):
    remote = remote if isinstance(remote, tuple) else (remote,)
    return Include(local, target, remote, many=True, description=description)


for cited in CITED:
    model = cited.table
    cited.includes["source"] = _one(
        model.c.source_id, SOURCES, Source.id, "the full source record it cites"
    )

VISITS.includes["person"] = _one(Visit.person_id, PEOPLE, Person.id, "the visitor")
SUMMITS.includes["country"] = _one(Summit.country_code, COUNTRIES, Country.code, "the republic")
PROJECTS.includes["country"] = _one(Project.country_code, COUNTRIES, Country.code, "the host")
PROJECTS.includes["investments"] = _many(
    Project.id, INVESTMENTS, Investment.project_id, "money figures that belong to it"
)
INVESTMENTS.includes["project"] = _one(
    Investment.project_id, PROJECTS, Project.id, "the project it belongs to"
)
DIASPORA.includes["country"] = _one(
    DiasporaFigure.country_code, COUNTRIES, Country.code, "the republic"
)
COUNTRIES.includes.update(
    missions=_many(
        Country.code,
        MISSIONS,
        (Mission.sending_country, Mission.host_country),
        "missions it sends or hosts",
    ),
    people=_many(Country.code, PEOPLE, Person.country_code, "its travelling leaders"),
    summits=_many(Country.code, SUMMITS, Summit.country_code, "its summit count with Korea"),
    diaspora=_many(Country.code, DIASPORA, DiasporaFigure.country_code, "its Koryo-saram figure"),
)
PEOPLE.includes["visits"] = _many(Person.id, VISITS, Visit.person_id, "the visits they made")
PEOPLE.includes["country"] = _one(Person.country_code, COUNTRIES, Country.code, "their country")
