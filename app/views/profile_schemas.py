"""The documented shape of `GET /v1/countries/{code}/profile`: each listed figure carries its
`href` and its citation, as the records it comes from do."""

from typing import Literal

from pydantic import BaseModel, Field

from app.citations.schemas import Citation
from app.countries.schemas import CountryRecord
from app.vocab import Office, Qualifier


class ProfileSummits(BaseModel):
    count: int = Field(description="Summits held with Korea.")
    since_year: int | None
    citation: Citation


class ProfileVisit(BaseModel):
    id: int
    href: str
    direction: Literal["incoming", "outgoing"] = Field(
        description="`incoming`: a visit to this country; `outgoing`: one from it."
    )
    year: int
    office: Office
    person_id: str | None = Field(description="The visitor's slug; empty when unnamed.")
    person_name: str | None
    from_country: str = Field(description="Visitor's country.")
    to_country: str = Field(description="Host country.")
    citation: Citation


class ProfileMoneyFigure(BaseModel):
    id: int
    href: str
    kind: str
    from_country: str | None
    to_country: str | None
    amount_usd: int | None
    qualifier: Qualifier
    year_from: int | None
    year_to: int | None
    citation: Citation


class SectorTally(BaseModel):
    count: int
    value_usd: int | None = Field(description="Sum of the sector's stated project values.")


class ProfileProjects(BaseModel):
    total: int
    by_sector: dict[str, SectorTally] = Field(description="Keyed by sector, largest first.")


class ProfileDiaspora(BaseModel):
    id: int
    href: str
    population: int
    qualifier: Qualifier
    citation: Citation


class ProfileMission(BaseModel):
    id: int
    href: str
    sending_country: str
    host_country: str
    city: str
    kind: str
    year: int | None
    status: str
    citation: Citation


class ProfileMissions(BaseModel):
    hosted: list[ProfileMission] = Field(description="Missions other countries keep here.")
    sent: list[ProfileMission] = Field(description="This country's missions abroad.")


class CountryProfile(BaseModel):
    country: CountryRecord
    summits: ProfileSummits | None
    visits: list[ProfileVisit] = Field(description="Visits from or to the country, by year.")
    investments: list[ProfileMoneyFigure] = Field(description="Money figures, by kind.")
    projects: ProfileProjects
    diaspora: ProfileDiaspora | None = Field(description="Its Koryo-saram figure.")
    missions: ProfileMissions
