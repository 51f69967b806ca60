"""The citation as it appears in API answers and in seed rows."""

from pydantic import BaseModel, ConfigDict, Field


class SourceRef(BaseModel):
    id: int = Field(description="Source id: 0 is the article itself, N is its footnote N.")
    footnote: int | None = Field(description="Footnote number in the article, if a footnote.")
    title: str
    url: str | None


class Citation(BaseModel):
    paragraph: int = Field(description="N-th non-blank line of the seed article.", examples=[9])
    section: str = Field(description="Heading of the article section holding that paragraph.")
    source: SourceRef


class CitedOut(BaseModel):
    description: str | None = Field(description="What the record is, in the dataset's own words.")
    citation: Citation


class CitedRecord(BaseModel):
    """Citation columns of a seed row (and of a curator's write body)."""

    model_config = ConfigDict(extra="forbid")

    source_id: int = Field(ge=0, le=2**31 - 1)
    paragraph: int = Field(ge=1, le=10_000)
    description: str | None = Field(None, min_length=1, max_length=1000)


class ParagraphRecord(BaseModel):
    """A row of `seeds/paragraphs.csv`: which section heading a paragraph sits under."""

    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1, le=10_000)
    section: str = Field(min_length=1, max_length=200)
