"""The citation as it appears in API answers and in seed rows."""

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.text import Text
from app.vocab import SourceOrigin


class SourceRef(BaseModel):
    id: int = Field(description="Source id: 0 is the article itself, N is its footnote N.")
    footnote: int | None = Field(description="Footnote number in the article, if a footnote.")
    title: str
    url: str | None
    origin: SourceOrigin = Field(
        description="Where the fact comes from: the `article`, one of its `footnote`s, or an "
        "`external` page read beyond it."
    )


class Citation(BaseModel):
    paragraph: int | None = Field(
        description="N-th non-blank line of the seed article (for facts from the article).",
        examples=[9],
    )
    section: str | None = Field(description="Heading of the article section of that paragraph.")
    locator: str | None = Field(
        description="Where in a source outside the article the fact is (page, section…)."
    )
    source: SourceRef


class CitedOut(BaseModel):
    description: str | None = Field(description="What the record is, in the dataset's own words.")
    citation: Citation


class CitedRecord(BaseModel):
    """Citation columns of a seed row (and of a curator's write body)."""

    model_config = ConfigDict(extra="forbid")

    source_id: int = Field(ge=0, le=2**31 - 1, description="The source that backs the fact.")
    paragraph: int | None = Field(
        None, ge=1, le=10_000, description="Article paragraph; required for article sources."
    )
    locator: Text(200) | None = Field(
        None, description="Where in a non-article source the fact is; required for such sources."
    )
    description: Text(1000) | None = None

    @model_validator(mode="after")
    def located(self):
        if self.paragraph is None and self.locator is None:
            raise ValueError("a citation needs a paragraph (article sources) or a locator")
        return self


class ParagraphRecord(BaseModel):
    """A row of `seeds/paragraphs.csv`: which section heading a paragraph sits under."""

    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1, le=10_000)
    section: Text(200)
