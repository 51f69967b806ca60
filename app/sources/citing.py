"""Reverse provenance: the records that cite a source."""

from sqlalchemy import literal, select, union_all
from sqlalchemy.orm import Session

from app.query.resource import Resource


def citing_records(session: Session, sources: Resource, source_id: int) -> dict:
    """Every registered record whose `source_id` names this source (the registry lists them as
    the sources resource's referrers)."""
    statement = union_all(
        *(
            select(literal(resource.plural).label("type"), resource.key.label("id")).where(
                column == source_id
            )
            for resource, column in sources.referrers
        )
    ).order_by("type", "id")
    return {
        "cited_by": [
            {"type": kind, "id": record_id, "href": f"/v1/{kind}/{record_id}"}
            for kind, record_id in session.execute(statement)
        ]
    }
