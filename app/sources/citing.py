"""Reverse provenance: the records that cite a source."""

from sqlalchemy import literal, select, union_all
from sqlalchemy.orm import Session


def citing_records(session: Session, source_id: int) -> dict:
    from app.catalog import CITED

    statement = union_all(
        *(
            select(literal(resource.plural).label("type"), resource.key.label("id")).where(
                resource.table.c.source_id == source_id
            )
            for resource in CITED
        )
    ).order_by("type", "id")
    return {
        "cited_by": [
            {"type": kind, "id": record_id, "href": f"/v1/{kind}/{record_id}"}
            for kind, record_id in session.execute(statement)
        ]
    }
