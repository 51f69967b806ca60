from typing import Annotated

from fastapi import Path

from app.query.resource import Resource
from app.sources.citing import CITING_RECORDS
from app.sources.models import Source
from app.sources.schemas import SourceFilter, SourceRecord, SourceWithCitations

SOURCES = Resource(
    name="source",
    plural="sources",
    description="The article (id 0) and its 21 footnotes, which every fact record cites. A "
    "source's record lists the records that cite it.",
    from_clause=Source.__table__,
    fields={name: getattr(Source, name) for name in SourceRecord.model_fields},
    key=Source.id,
    item_schema=SourceRecord,
    filters=SourceFilter,
    row_schema=SourceRecord,
    title=lambda r, names: r["title"],
    record_additions=CITING_RECORDS,
    extended_record_schema=SourceWithCitations,
    key_param=Annotated[
        int,
        Path(
            alias="id",
            ge=0,
            le=2**31 - 1,
            description="0 for the article, N for footnote N.",
            examples=[12],
        ),
    ],
)
