"""Reverse provenance: the records that cite a source."""

from collections.abc import Iterable

from sqlalchemy import literal, select, union_all

from app.query.resource import Additions, Resource


def citing_statement(sources: Resource, source_id):
    """Every registered record whose `source_id` names this source (the registry lists them as
    the sources resource's referrers), as (type, id); `source_id` a value or a bind parameter."""
    return union_all(
        *(
            select(literal(resource.plural).label("type"), resource.key.label("id")).where(
                column == source_id
            )
            for resource, column in sources.referrers
        )
    ).order_by("type", "id")


def cited_by(rows: Iterable) -> dict:
    return {
        "cited_by": [
            {"type": kind, "id": record_id, "href": f"/v1/{kind}/{record_id}"}
            for kind, record_id in rows
        ]
    }


CITING_RECORDS = Additions(citing_statement, cited_by)
