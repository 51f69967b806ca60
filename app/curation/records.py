"""Reading and checking one record for a write: its stored state, its rendered form and ETag,
references it makes, keys it would duplicate, and records that reference it."""

from typing import Any

from sqlalchemy import Connection, func, select, true, tuple_

from app.citations.extra import also_cited_records, also_cited_statement, takes_further_sources
from app.db import unique_keys
from app.errors import ProblemError
from app.http import content_tag, json_bytes
from app.query.resource import Resource, expressions
from app.sources.models import Source


def state(connection: Connection, resource: Resource, key: Any, lock: bool = False):
    """The stored row as a dict of column values (the seed format), or None."""
    table = resource.table
    statement = select(table).where(resource.key == key)
    if lock and connection.dialect.name == "postgresql":
        statement = statement.with_for_update()
    row = connection.execute(statement).first()
    return None if row is None else dict(row._mapping)


def rendered(connection: Connection, resource: Resource, key: Any) -> dict | None:
    """The record exactly as `GET /v1/<resource>/<key>` answers it."""
    projection = resource.projection(None)
    row = connection.execute(
        select(*expressions(resource, projection))
        .select_from(resource.from_clause)
        .where(resource.key == key)
    ).first()
    if row is None:
        return None
    record = projection.shaper()(row)
    if resource.record_additions is not None:
        record.update(resource.record_additions.read(connection, resource, key))
    if takes_further_sources(resource.table):
        further = also_cited_records(connection.execute(also_cited_statement(resource.plural, key)))
        if further:
            record["also_cited"] = further
    return record


def record_tag(record: dict) -> str:
    """The ETag `GET /v1/<resource>/<key>` gives this record (see app.query.records)."""
    return content_tag(json_bytes(record))


def check_references(connection: Connection, resource: Resource, values: dict) -> None:
    """Every foreign key in `values` must name an existing record (422 naming the field)."""
    for column in resource.table.columns:
        value = values.get(column.name)
        if value is None:
            continue
        for fk in column.foreign_keys:
            target = fk.column
            if connection.execute(select(target).where(target == value)).first() is None:
                raise ProblemError(
                    422,
                    "unknown-reference",
                    "Unknown reference",
                    f"'{column.name}': no {target.table.name} record has {target.name} {value!r}.",
                    parameter=column.name,
                )


def citation_rule(url: str | None, paragraph: int | None) -> tuple[str, str, bool | None]:
    """What a source asks of the records citing it, as (the field a record breaking the rule
    gets wrong, the rule, whether such a record has a paragraph: None when every record
    breaks it). Facts from the article cite a paragraph; facts from elsewhere cite a source
    with a URL and a locator."""
    if paragraph is not None:
        return "paragraph", "Facts from the article must cite its paragraph.", False
    if not url:
        return (
            "source_id",
            "A source outside the article needs a URL before facts can cite it.",
            None,
        )
    return "paragraph", "Paragraphs belong to the article; use 'locator' for this source.", True


def check_citation(connection: Connection, values: dict) -> None:
    """The record's citation follows its source's rule (422 naming the field)."""
    if "source_id" not in values:
        return
    statement = select(Source.url, Source.paragraph).where(Source.id == values["source_id"])
    if connection.dialect.name == "postgresql":
        # Holds the source as read until commit: a concurrent change to it waits, then sees
        # this record among those citing it (see check_cited_source).
        statement = statement.with_for_update(read=True)
    source = connection.execute(statement).first()
    if source is None:
        return  # check_references reports it
    field, rule, broken_with_paragraph = citation_rule(source.url, source.paragraph)
    has_paragraph = values.get("paragraph") is not None
    if broken_with_paragraph in (None, has_paragraph):
        raise ProblemError(422, "invalid-citation", "Invalid citation", rule, parameter=field)


def check_cited_source(connection: Connection, sources: Resource, source: dict) -> None:
    """The records citing a source (`sources`' referrers) still follow its rule with the source
    as `source` (409 naming them): a source cannot break the citations that rely on it."""
    _field, rule, broken_with_paragraph = citation_rule(source["url"], source["paragraph"])
    broken = []
    for resource, column in sources.referrers:
        paragraph = resource.table.c.paragraph
        breaks = {None: true(), True: paragraph.is_not(None), False: paragraph.is_(None)}
        found = connection.execute(
            select(func.count(), func.min(resource.key), func.max(resource.key)).where(
                column == source["id"], breaks[broken_with_paragraph]
            )
        ).one()
        if found[0]:
            broken.append(_counted(resource.plural, "id", *found))
    if broken:
        raise ProblemError(
            409,
            "citations-would-break",
            "Citations would break",
            f"source {source['id']} is cited by {'; '.join(broken)}, which would then break "
            f"the citation rule: {rule} Change those records first.",
            parameter="url" if broken_with_paragraph is None else "paragraph",
        )


def check_unique(connection: Connection, resource: Resource, values: dict, key: Any) -> None:
    """A record with the same natural key (or id) is a conflict (409 naming the fields)."""
    table = resource.table
    for columns in unique_keys(table):
        wanted = tuple(values.get(name) for name in columns)
        if None in wanted:
            continue
        statement = select(resource.key).where(
            tuple_(*(table.c[name] for name in columns)) == tuple_(*wanted)
        )
        if key is not None:
            statement = statement.where(resource.key != key)
        clash = connection.execute(statement).scalar()
        if clash is not None:
            raise ProblemError(
                409,
                "duplicate",
                "Duplicate record",
                f"{resource.name} {clash!r} already has {', '.join(columns)} = "
                f"{', '.join(repr(v) for v in wanted)}.",
                parameter=",".join(columns),
            )


def referencing(connection: Connection, resource: Resource, key_values: dict) -> list[str]:
    """'3 visits (person_id: 7 … 17)' style descriptions of the records that point at this one."""
    found = []
    for other, column in resource.referrers:
        for fk in column.foreign_keys:
            if fk.column.table is not resource.table:
                continue
            value = key_values[fk.column.name]
            count_and_keys = connection.execute(
                select(func.count(), func.min(other.key), func.max(other.key)).where(
                    column == value
                )
            ).one()
            if count_and_keys[0]:
                found.append(_counted(other.plural, column.name, *count_and_keys))
    return found


def _counted(plural: str, label: str, count: int, first, last) -> str:
    span = f"{first}" if count == 1 else f"{first} … {last}"
    return f"{count} {plural} ({label}: {span})"
