from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.query.filters import Equals, FilterSet
from app.sources.models import Source
from app.text import Text


class SourceRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int = Field(
        ge=0,
        le=2**31 - 1,
        description="0 is the article; N is footnote N; sources curators add are numbered after.",
    )
    footnote: int | None = Field(None, ge=1, le=10_000)
    title: Text(300)
    author: Text(200) | None = None
    publisher: Text(200) | None = None
    year: int | None = Field(None, ge=1900, le=2100)
    url: Text(500, pattern=r"^https?://\S+$") | None = None
    volume: Text(20) | None = None
    issue: Text(20) | None = None
    pages: Text(20) | None = Field(None, description="Page or page range, as cited.")
    place: Text(100) | None = Field(None, description="Place of publication.")
    paragraph: int | None = Field(
        None, ge=1, le=10_000, description="Line of the article holding this footnote."
    )


class SourceFilter(FilterSet):
    footnote: Annotated[
        int | None,
        Equals(Source.footnote),
        Field(
            ge=1, le=10_000, description="The source behind this footnote number.", examples=[12]
        ),
    ] = None


class CitingRecord(BaseModel):
    type: str = Field(description="Resource of the citing record.")
    id: int
    href: str


class SourceWithCitations(SourceRecord):
    cited_by: list[CitingRecord] = Field(description="Records that cite this source.")
