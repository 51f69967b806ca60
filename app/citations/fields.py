"""The citation every fact record carries, as output fields and the joins that feed them."""

from sqlalchemy import FromClause

from app.citations.models import Paragraph
from app.query.resource import Relation, one
from app.sources.models import Source


def cited(table: FromClause, model) -> FromClause:
    """`table` joined to the source and paragraph that `model`'s rows cite."""
    return table.join(Source, Source.id == model.source_id).outerjoin(
        Paragraph, Paragraph.number == model.paragraph
    )


def source_of(model) -> Relation:
    """The relation every cited resource declares: `include=source`."""
    return one("sources", model.source_id, "the full source record it cites")


def citation_fields(model) -> dict:
    return {
        "description": model.description,
        "citation.paragraph": model.paragraph,
        "citation.section": Paragraph.section,
        "citation.locator": model.locator,
        "citation.source.id": Source.id,
        "citation.source.footnote": Source.footnote,
        "citation.source.title": Source.title,
        "citation.source.url": Source.url,
        "citation.source.origin": Source.origin,
    }


def record_fields(model, out, **extra) -> dict:
    """Output fields of a cited record: id, the other fields of `out` (columns of `model` unless
    given in `extra`), then the description and citation."""
    fields = {"id": model.id}
    for name in out.model_fields:
        if name not in ("id", "description", "citation"):
            fields[name] = extra[name] if name in extra else getattr(model, name)
    return {**fields, **citation_fields(model)}
