from app.citations.fields import cited, record_fields
from app.projects.models import Project
from app.projects.schemas import ProjectFilter, ProjectOut
from app.query.listing import Resource
from app.query.routes import RecordId, read_routes

PROJECTS = Resource(
    name="project",
    source=cited(Project.__table__, Project),
    fields=record_fields(Project, ProjectOut),
    key=Project.id,
)

router = read_routes(
    PROJECTS,
    plural="projects",
    filters=ProjectFilter,
    out=ProjectOut,
    key=RecordId,
    about="Aid programmes, free economic zones, plants, centres, a university, donations "
    "and events.",
)
