from typing import Annotated

from fastapi import Path

from app.query.listing import Resource
from app.query.routes import read_routes
from app.sources.models import Source
from app.sources.schemas import SourceFilter, SourceRecord

SOURCES = Resource(
    name="source",
    source=Source.__table__,
    fields={name: getattr(Source, name) for name in SourceRecord.model_fields},
    key=Source.id,
)

router = read_routes(
    SOURCES,
    plural="sources",
    filters=SourceFilter,
    out=SourceRecord,
    key=Annotated[
        int,
        Path(
            alias="id",
            ge=0,
            le=2**31 - 1,
            description="0 for the article, N for footnote N.",
            examples=[12],
        ),
    ],
    about="The article (id 0) and its 21 footnotes, which every fact record cites.",
)
