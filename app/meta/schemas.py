"""The documented shape of `GET /v1/meta`; the record counts name every served resource."""

from datetime import datetime

from pydantic import BaseModel, Field, create_model

from app.registry import REGISTRY


class Licence(BaseModel):
    name: str
    url: str
    note: str


class ArticleRef(BaseModel):
    title: str
    author: str
    publisher: str
    url: str = Field(description="Where to read it (see `url_note`).")
    url_note: str = Field(description="Why `url` is the address it is.")


RecordCounts = create_model(
    "RecordCounts",
    __doc__="How many records each resource holds.",
    **{resource.plural: (int, ...) for resource in REGISTRY.resources},
)


class OriginCounts(BaseModel):
    article: int = Field(description="Records citing the article itself or one of its footnotes.")
    external: int = Field(description="Records citing a page read outside the article.")
    synthetic: int | None = Field(None, description="Generated benchmark rows, when there are any.")


class DatasetMeta(BaseModel):
    name: str
    version: int = Field(description="Bumped by every change; the ETags derive from it.")
    changed_at: datetime = Field(description="When the dataset last changed.")
    records: RecordCounts
    records_by_origin: dict[str, OriginCounts] = Field(
        description="For each resource whose records cite a source, where those sources come from."
    )
    licence: Licence
    article: ArticleRef = Field(description="The article the dataset is compiled from.")
    cite_as: str = Field(description="A ready-made citation of this dataset version.")
