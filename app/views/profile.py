"""`GET /v1/countries/{code}/profile`: everything the dataset says about one country."""

from collections import defaultdict

from fastapi import Depends
from sqlalchemy import func, or_, select

from app.citations.fields import citation_fields, cited
from app.countries.resource import COUNTRIES, CodePath
from app.db import SessionDep
from app.diaspora.models import DiasporaFigure
from app.errors import not_found, problem_responses, refuse_query_parameters
from app.http import json_response
from app.investments.models import Investment
from app.missions.models import Mission
from app.projects.models import Project
from app.query.resource import Projection
from app.query.stats import exact_sum, joined_sum
from app.routing import new_router
from app.summits.models import Summit
from app.visits.models import Visit

router = new_router(tags=["countries"])


@router.get(
    "/v1/countries/{code}/profile",
    summary="Country profile",
    description="One document per country: its summit count with Korea, visits in each "
    "direction by office, money figures by kind, projects by sector, its Koryo-saram figure and "
    "its missions, so countries can be compared at a glance.",
    operation_id="country_profile",
    responses=problem_responses(400, 404),
    dependencies=[Depends(refuse_query_parameters)],
)
def profile(session: SessionDep, code: CodePath):
    country = session.execute(
        select(*(expr.label(name) for name, expr in COUNTRIES.fields.items())).where(
            COUNTRIES.key == code
        )
    ).first()
    if country is None:
        raise not_found("country", code)
    return json_response(
        {
            "country": dict(country._mapping),
            "summits": _summits(session, code),
            "visits": _visits(session, code),
            "investments": _investments(session, code),
            "projects": _projects(session, code),
            "diaspora": _diaspora(session, code),
            "missions": _missions(session, code),
        }
    )


def _summits(session, code):
    row = session.execute(
        select(Summit.count, Summit.since_year, *_citation(Summit))
        .select_from(cited(Summit.__table__, Summit))
        .where(Summit.country_code == code)
    ).first()
    return None if row is None else Projection(tuple(row._mapping)).shaper()(row)


def _visits(session, code):
    rows = session.execute(
        select(Visit.from_country, Visit.to_country, Visit.office, Visit.year)
        .where(or_(Visit.from_country == code, Visit.to_country == code))
        .order_by(Visit.year, Visit.id)
    )
    directions = {"incoming": defaultdict(list), "outgoing": defaultdict(list)}
    for from_country, _to, office, year in rows:
        directions["outgoing" if from_country == code else "incoming"][office].append(year)
    return {
        direction: {office: {"count": len(years), "years": years} for office, years in by.items()}
        for direction, by in directions.items()
    }


def _investments(session, code):
    rows = session.execute(
        select(
            Investment.id,
            Investment.kind,
            Investment.from_country,
            Investment.to_country,
            Investment.amount_usd,
            Investment.qualifier,
            Investment.year_from,
            Investment.year_to,
        )
        .where(or_(Investment.from_country == code, Investment.to_country == code))
        .order_by(Investment.kind, Investment.id)
    )
    by_kind = defaultdict(list)
    for row in rows:
        figure = dict(row._mapping)
        by_kind[figure.pop("kind")].append(figure)
    return dict(by_kind)


def _projects(session, code):
    rows = session.execute(
        select(Project.sector, func.count(), *exact_sum(Project.value_usd, "value_usd"))
        .where(Project.country_code == code)
        .group_by(Project.sector)
        .order_by(func.count().desc(), Project.sector)
    )
    sectors = {
        sector: {"count": n, "value_usd": joined_sum(high, low, f"value_usd of {sector} projects")}
        for sector, n, high, low in rows
    }
    return {"total": sum(s["count"] for s in sectors.values()), "by_sector": sectors}


def _diaspora(session, code):
    row = session.execute(
        select(DiasporaFigure.population, DiasporaFigure.qualifier).where(
            DiasporaFigure.country_code == code
        )
    ).first()
    return None if row is None else dict(row._mapping)


def _missions(session, code):
    rows = session.execute(
        select(
            Mission.id,
            Mission.sending_country,
            Mission.host_country,
            Mission.city,
            Mission.kind,
            Mission.year,
            Mission.status,
        )
        .where(or_(Mission.sending_country == code, Mission.host_country == code))
        .order_by(Mission.id)
    )
    missions = {"hosted": [], "sent": []}
    for row in rows:
        mission = dict(row._mapping)
        missions["sent" if mission["sending_country"] == code else "hosted"].append(mission)
    return missions


def _citation(model):
    return [
        expr.label(name) for name, expr in citation_fields(model).items() if name != "description"
    ]
