from app.citations.fields import cited, record_fields, source_of
from app.investments.models import Investment
from app.projects.models import Project
from app.projects.schemas import ProjectFilter, ProjectOut, ProjectRecord
from app.query.filters import RecordId
from app.query.resource import Resource, many, one

PROJECTS = Resource(
    name="project",
    plural="projects",
    description="Aid programmes, free economic zones, plants, centres, a university, donations "
    "and events.",
    from_clause=cited(Project.__table__, Project),
    fields=record_fields(Project, ProjectOut),
    key=Project.id,
    item_schema=ProjectOut,
    filters=ProjectFilter,
    key_param=RecordId,
    row_schema=ProjectRecord,
    title=lambda r, names: r["name"],
    relations={
        "source": source_of(Project),
        "country": one("countries", Project.country_code, "the host"),
        "organisation": one("organisations", Project.organisation_id, "the organisation behind it"),
        "investments": many(
            "investments", Investment.project_id, "money figures that belong to it"
        ),
    },
    groups={
        "country": Project.country_code,
        "kind": Project.kind,
        "sector": Project.sector,
        "year": Project.year_from,
        "city": Project.city,
    },
    sums={"value_usd": Project.value_usd, "sub_projects": Project.sub_projects},
)
