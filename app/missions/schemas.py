from typing import Annotated

from pydantic import Field

from app.citations.schemas import CitedOut, CitedRecord
from app.countries.lookup import COUNTRY
from app.dates import DatedTextFields
from app.missions.models import Mission
from app.query.filters import CountryRef, EitherEquals, Equals, FilterSet
from app.text import Text
from app.vocab import MissionKind, MissionStatus


class MissionFields(DatedTextFields):
    sending_country: str = Field(pattern=r"^[A-Z]{2}$", description="Country the mission serves.")
    host_country: str = Field(pattern=r"^[A-Z]{2}$", description="Country it sits in.")
    city: Text(100)
    kind: MissionKind
    year: int | None = Field(
        None, ge=1900, le=2100, description="Year opened, or decreed when status is `decreed`."
    )
    status: MissionStatus
    decreed_by: str | None = Field(
        None, pattern=r"^[a-z][a-z0-9_-]{0,59}$", description="Person who issued the decree."
    )


class MissionRecord(MissionFields, CitedRecord):
    id: int = Field(ge=1, le=2**31 - 1)


class MissionOut(MissionFields, CitedOut):
    id: int


class MissionFilter(FilterSet):
    country: Annotated[
        CountryRef | None,
        EitherEquals((Mission.sending_country, Mission.host_country), ref=COUNTRY),
        Field(description="Missions sent by or hosted in this country."),
    ] = None
    sending: Annotated[
        CountryRef | None,
        Equals(Mission.sending_country, ref=COUNTRY),
        Field(description="Missions this country sends."),
    ] = None
    host: Annotated[
        CountryRef | None,
        Equals(Mission.host_country, ref=COUNTRY),
        Field(description="Missions hosted in this country."),
    ] = None
    kind: Annotated[
        MissionKind | None,
        Equals(Mission.kind),
        Field(description="Embassy or consulate.", examples=["embassy"]),
    ] = None
    status: Annotated[
        MissionStatus | None,
        Equals(Mission.status),
        Field(description="Open, or only decreed so far.", examples=["decreed"]),
    ] = None
