"""`GET /v1/timeline`: dated visits, projects, missions and money figures in one chronological
list, served by the shared list machinery over a UNION of the tables."""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field
from pydantic_core import PydanticCustomError
from sqlalchemy import String, and_, cast, literal, select, true, union_all

from app.citations.reports import is_reported, known_on
from app.countries.lookup import COUNTRY
from app.countries.models import Country
from app.investments.models import Investment
from app.missions.models import Mission
from app.projects.models import Project
from app.query.filters import (
    AtLeast,
    AtMost,
    CountryRef,
    EitherEquals,
    FilterSet,
    OneOf,
)
from app.query.grammar import name_list_pattern
from app.query.resource import Resource
from app.search.index import match_condition
from app.search.models import SearchDocument
from app.visits.models import Visit

EventType = Literal["visits", "projects", "missions", "investments"]
EVENT_TYPES = ("visits", "projects", "missions", "investments")


def _event(kind: str, model, year, origin, destination):
    """`origin` is the side an event goes from (visitor, sender, payer), `destination` the
    side it goes to (host, receiver, the project's country); either may be unstated. Of a
    chain of reports only the latest is an event, as the lists show by default."""
    latest = known_on(model.__table__) if is_reported(model.__table__) else true()
    return select(
        literal(kind).label("type"),
        model.id.label("id"),
        year.label("year"),
        origin.label("from_country"),
        destination.label("to_country"),
        (literal(kind + ":") + cast(model.id, String)).label("uid"),
    ).where(year.is_not(None), latest)


EVENTS = union_all(
    _event("visits", Visit, Visit.year, Visit.from_country, Visit.to_country),
    _event("projects", Project, Project.year_from, literal(None), Project.country_code),
    _event("missions", Mission, Mission.year, Mission.sending_country, Mission.host_country),
    _event(
        "investments",
        Investment,
        Investment.year_from,
        Investment.from_country,
        Investment.to_country,
    ),
).subquery("events")

_titles = SearchDocument.__table__.alias("titles")
_origins = Country.__table__.alias("origins")
_destinations = Country.__table__.alias("destinations")
SOURCE = (
    EVENTS.outerjoin(
        _titles,
        and_(
            _titles.c.resource == EVENTS.c.type, _titles.c.record_key == cast(EVENTS.c.id, String)
        ),
    )
    .outerjoin(_origins, _origins.c.code == EVENTS.c.from_country)
    .outerjoin(_destinations, _destinations.c.code == EVENTS.c.to_country)
)


def _types(text: str | None):
    if text is None:
        return None
    chosen = tuple(text.split(","))
    unknown = [name for name in chosen if name not in EVENT_TYPES]
    if unknown or not chosen:
        raise PydanticCustomError(
            "unknown_type",
            "unknown event type {unknown}; allowed: {allowed}",
            {"unknown": ", ".join(unknown) or "(none)", "allowed": ", ".join(EVENT_TYPES)},
        )
    return chosen


class TimelineEvent(BaseModel):
    type: EventType
    id: int
    year: int = Field(ge=1900, le=2100)  # every source column's CHECK range
    title: str | None = Field(description="One-line summary of the record.")
    from_country: str | None = Field(
        description="Code of the side the event comes from: the visitor's country, the "
        "mission's sending country, the paying side; empty for projects and where unstated."
    )
    from_country_name: str | None
    to_country: str | None = Field(
        description="Code of the side it goes to: the host country, the mission's host, the "
        "receiving side, the project's country."
    )
    to_country_name: str | None
    href: str


class TimelineFilter(FilterSet):
    country: Annotated[
        CountryRef | None,
        EitherEquals((EVENTS.c.from_country, EVENTS.c.to_country), ref=COUNTRY),
        Field(description="Events involving this country on either side."),
    ] = None
    year_from: Annotated[
        int | None,
        AtLeast(EVENTS.c.year),
        Field(ge=1900, le=2100, description="From this year.", examples=[2004]),
    ] = None
    year_to: Annotated[
        int | None,
        AtMost(EVENTS.c.year),
        Field(ge=1900, le=2100, description="To this year.", examples=[2019]),
    ] = None
    types: Annotated[
        str | None,
        Field(
            max_length=100,
            json_schema_extra={"pattern": name_list_pattern(EVENT_TYPES)},
            description="Comma-separated record types: " + ", ".join(EVENT_TYPES) + ".",
            examples=["visits,missions"],
        ),
        AfterValidator(_types),
        OneOf(EVENTS.c.type),
    ] = None


def _search(dialect: str, query):
    matching = select(SearchDocument.resource + literal(":") + SearchDocument.record_key).where(
        match_condition(dialect, query)
    )
    return EVENTS.c.uid.in_(matching)


TIMELINE = Resource(
    name="event",
    plural="timeline",
    description="Dated visits, projects, missions and money figures in one chronological list; "
    "each event points at its record.",
    from_clause=SOURCE,
    fields={
        "type": EVENTS.c.type,
        "id": EVENTS.c.id,
        "year": EVENTS.c.year,
        "title": _titles.c.title,
        "from_country": EVENTS.c.from_country,
        "from_country_name": _origins.c.name,
        "to_country": EVENTS.c.to_country,
        "to_country_name": _destinations.c.name,
        "href": literal("/v1/") + EVENTS.c.type + literal("/") + cast(EVENTS.c.id, String),
    },
    key=EVENTS.c.uid,
    item_schema=TimelineEvent,
    filters=TimelineFilter,
    key_param=None,
    order=((EVENTS.c.year, False), (EVENTS.c.type, False), (EVENTS.c.id, False)),
    groups={"type": EVENTS.c.type, "year": EVENTS.c.year},
    search_match=_search,
)
