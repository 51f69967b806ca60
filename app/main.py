"""The ASGI application: routers, problem+json error handlers, repeated-parameter guard."""

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse

from app.countries.router import router as countries
from app.diaspora.router import router as diaspora
from app.errors import install_problem_handlers, invalid_parameter
from app.health import router as health
from app.investments.router import router as investments
from app.missions.router import router as missions
from app.openapi import install_openapi
from app.people.router import router as people
from app.projects.router import router as projects
from app.sources.router import router as sources
from app.summits.router import router as summits
from app.visits.router import router as visits

RESOURCE_ROUTERS = (
    countries,
    people,
    visits,
    summits,
    projects,
    investments,
    missions,
    diaspora,
    sources,
)

DESCRIPTION = """
Relations between the Republic of Korea and the five Central Asian republics — summits, visits,
money figures, projects, missions and the Koryo-saram diaspora — as a dataset in which every
record cites the article paragraph and footnote it comes from.

Errors are `application/problem+json` (RFC 9457) and name the parameter that was wrong.
"""


def reject_repeated_parameters(request: Request) -> None:
    """`?year_from=1&year_from=2` is ambiguous; say so instead of silently taking one."""
    for name in request.query_params:
        if len(request.query_params.getlist(name)) > 1:
            raise invalid_parameter(name, f"'{name}' is given more than once; give it once.")


def create_app() -> FastAPI:
    app = FastAPI(
        title="Korea–Central Asia Relations API",
        version="1.0.0",
        description=DESCRIPTION,
    )
    install_problem_handlers(app)
    install_openapi(app)
    app.include_router(health)
    for router in RESOURCE_ROUTERS:
        app.include_router(router, dependencies=[Depends(reject_repeated_parameters)])

    @app.get("/", include_in_schema=False)
    def index():
        return RedirectResponse("/docs")

    return app


app = create_app()
