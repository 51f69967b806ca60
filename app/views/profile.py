"""`GET /v1/countries/{code}/profile`: everything the dataset says about one country."""

import functools

from fastapi import Depends
from sqlalchemy import Select, and_, bindparam, case, func, or_, select

from app.citations.fields import citation_fields, cited
from app.citations.reports import known_on
from app.countries.resource import COUNTRIES, CodePath
from app.db import SessionDep
from app.diaspora.models import DiasporaFigure
from app.errors import problem_responses, refuse_query_parameters
from app.http import json_response
from app.investments.models import Investment
from app.missions.models import Mission
from app.people.models import Person
from app.projects.models import Project
from app.query.resource import Projection
from app.query.stats import exact_sum, joined_sum
from app.routing import new_router
from app.summits.models import Summit
from app.views.profile_schemas import CountryProfile
from app.visits.models import Visit

router = new_router(tags=["countries"])


@router.get(
    "/v1/countries/{code}/profile",
    summary="Country profile",
    description="One document per country: its summit count with Korea, its visits (who, "
    "when, which way), money figures by kind, projects by sector, its Koryo-saram figure and "
    "its missions, each figure with its citation, so countries can be compared at a glance.",
    operation_id="country_profile",
    responses={200: {"model": CountryProfile}, **problem_responses(400, 404)},
    dependencies=[Depends(refuse_query_parameters)],
)
def profile(session: SessionDep, code: CodePath):
    statements = _statements()
    country = session.execute(statements["country"], {"code": code}).first()
    if country is None:
        raise COUNTRIES.missing(session, code, "/profile")
    answer = {"country": dict(country._mapping)}
    for part, answer_from in ANSWERS.items():
        answer[part] = answer_from(session.execute(statements[part], {"code": code}), code)
    return json_response(answer)


@functools.cache
def _statements() -> dict[str, Select]:
    """Each part's statement, built once: the country code is their one parameter, so a
    request only binds it (building these ORM statements cost several times their SQL)."""
    code = bindparam("code")
    direction = case((Visit.to_country == code, "incoming"), else_="outgoing")
    return {
        "country": select(*(expr.label(name) for name, expr in COUNTRIES.fields.items())).where(
            COUNTRIES.key == code
        ),
        "summits": select(Summit.count, Summit.since_year, *_citation(Summit))
        .select_from(cited(Summit.__table__, Summit))
        .where(Summit.country_code == code),
        "visits": _cited(
            Visit,
            [
                direction.label("direction"),
                Visit.year,
                Visit.office,
                Visit.person_id,
                Person.name.label("person_name"),
                Visit.from_country,
                Visit.to_country,
            ],
            # the latest report of each visit, as the list shows by default
            and_(
                or_(Visit.from_country == code, Visit.to_country == code), known_on(Visit.__table__)
            ),
            (Visit.year, Visit.id),
            joined=(Person, Person.id == Visit.person_id),
        ),
        "investments": _cited(
            Investment,
            [
                Investment.kind,
                Investment.from_country,
                Investment.to_country,
                Investment.amount_usd,
                Investment.qualifier,
                Investment.year_from,
                Investment.year_to,
            ],
            and_(
                or_(Investment.from_country == code, Investment.to_country == code),
                known_on(Investment.__table__),
            ),
            (Investment.kind, Investment.id),
        ),
        "projects": select(Project.sector, func.count(), *exact_sum(Project.value_usd, "value_usd"))
        .where(Project.country_code == code)
        .group_by(Project.sector)
        .order_by(func.count().desc(), Project.sector),
        "diaspora": _cited(
            DiasporaFigure,
            [DiasporaFigure.population, DiasporaFigure.qualifier],
            DiasporaFigure.country_code == code,
            (DiasporaFigure.id,),
        ),
        "missions": _cited(
            Mission,
            [
                Mission.sending_country,
                Mission.host_country,
                Mission.city,
                Mission.kind,
                Mission.year,
                Mission.status,
            ],
            or_(Mission.sending_country == code, Mission.host_country == code),
            (Mission.id,),
        ),
    }


def _cited(model, columns, where, order, joined=None) -> Select:
    """`model`'s id, `columns` and citation for the rows matching `where`; `joined` is a
    (table, on) pair that `columns` also read."""
    source = cited(model.__table__, model)
    if joined is not None:
        source = source.outerjoin(*joined)
    return (
        select(model.id, *columns, *_citation(model))
        .select_from(source)
        .where(where)
        .order_by(*order)
    )


def _records(plural: str, rows) -> list[dict]:
    """Each row as `{id, href, *columns, citation}`."""
    shape = Projection(tuple(rows.keys())).shaper()
    return [{"id": row.id, "href": f"/v1/{plural}/{row.id}", **shape(row)} for row in rows]


def _summits(rows, code):
    row = rows.first()
    return None if row is None else Projection(tuple(row._mapping)).shaper()(row)


def _projects(rows, code):
    sectors = {
        sector: {"count": n, "value_usd": joined_sum(high, low, f"value_usd of {sector} projects")}
        for sector, n, high, low in rows
    }
    return {"total": sum(s["count"] for s in sectors.values()), "by_sector": sectors}


def _diaspora(rows, code):
    figures = _records("diaspora", rows)
    return figures[0] if figures else None


def _missions(rows, code):
    missions = {"hosted": [], "sent": []}
    for mission in _records("missions", rows):
        missions["sent" if mission["sending_country"] == code else "hosted"].append(mission)
    return missions


ANSWERS = {
    "summits": _summits,
    "visits": lambda rows, code: _records("visits", rows),
    "investments": lambda rows, code: _records("investments", rows),
    "projects": _projects,
    "diaspora": _diaspora,
    "missions": _missions,
}
"""Each part of the document, in the answer's order: its rows (from `_statements`) as the part."""


def _citation(model):
    return [
        expr.label(name) for name, expr in citation_fields(model).items() if name != "description"
    ]
