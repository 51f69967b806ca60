from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from app.dates import DateText, calendar_date
from app.query.filters import Equals, FilterSet
from app.sources.models import NOT_SHOWN, Source
from app.text import Text
from app.vocab import SourceOrigin

# One string type rather than a union of a date and a constant, so that a generated client
# reads either value without trying one parse and then the other.
Published = Annotated[
    str,
    StringConstraints(pattern=rf"^(\d{{4}}-\d{{2}}-\d{{2}}|{NOT_SHOWN})$"),
    AfterValidator(lambda value: value if value == NOT_SHOWN else calendar_date(value)),
    Field(examples=["2024-06-07", NOT_SHOWN]),
]


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
    origin: SourceOrigin = Field(
        "footnote",
        description="`article`, one of its `footnote`s, or an `external` page (send `external` "
        "with `publisher`, `url`, `published` and `read_on` for a page beyond the article).",
    )
    language: Text(10, pattern=r"^[a-z]{2}$") | None = Field(
        None, description="Language of the page (ISO 639-1)."
    )
    published: Published | None = Field(
        None, description=f'Publication date the page shows, or "{NOT_SHOWN}".'
    )
    read_on: DateText | None = Field(None, description="The day the page was read.")

    @model_validator(mode="after")
    def traceable(self):
        if self.origin == "external":
            missing = [
                name
                for name in ("url", "publisher", "published", "read_on")
                if getattr(self, name) is None
            ]
            if missing:
                raise ValueError(f"an external source needs {', '.join(missing)}")
        return self


class SourceFilter(FilterSet):
    footnote: Annotated[
        int | None,
        Equals(Source.footnote),
        Field(
            ge=1, le=10_000, description="The source behind this footnote number.", examples=[12]
        ),
    ] = None

    origin: Annotated[
        SourceOrigin | None,
        Equals(Source.origin),
        Field(
            description="Only the article, its footnotes, or external pages.",
            examples=["external"],
        ),
    ] = None


class CitingRecord(BaseModel):
    type: str = Field(description="Resource of the citing record.")
    id: int
    href: str


class SourceWithCitations(SourceRecord):
    cited_by: list[CitingRecord] = Field(description="Records that cite this source.")
