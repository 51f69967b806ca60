from typing import Annotated

from pydantic import BaseModel, Field

from app.citations.reports import ReportedFields
from app.citations.schemas import CitedOut, CitedRecord
from app.forum_sessions.models import ForumSession
from app.query.filters import Equals, FilterSet, Year
from app.text import Text
from app.vocab import ForumLevel


class ForumSessionFields(BaseModel):
    organisation_id: int = Field(ge=1, le=2**31 - 1, description="The forum that met.")
    number: int = Field(ge=1, le=10_000, description="The session's number (13 for the 13th).")
    year: int | None = Field(None, ge=1900, le=2100, description="Empty when not given.")
    city: Text(100) | None = None
    level: ForumLevel | None = Field(None, description="Who met, when stated.")


class ForumSessionRecord(ReportedFields, ForumSessionFields, CitedRecord):
    id: int = Field(ge=1, le=2**31 - 1)


class ForumSessionOut(ReportedFields, ForumSessionFields, CitedOut):
    id: int


class ForumSessionFilter(FilterSet):
    organisation: Annotated[
        Annotated[int, Field(ge=1, le=2**31 - 1)] | None,
        Equals(ForumSession.organisation_id),
        Field(description="Sessions of this forum (an organisation id).", examples=[7]),
    ] = None
    year: Annotated[
        Year | None,
        Equals(ForumSession.year),
        Field(description="Sessions held in this year."),
    ] = None
