"""Reading and checking one record for a write: its stored state, its rendered form and ETag,
references it makes, keys it would duplicate, and records that reference it."""

from typing import Any

from sqlalchemy import Connection, func, select, tuple_

from app.errors import ProblemError
from app.query.listing import content_tag, json_bytes
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
        record.update(resource.record_additions(connection, resource, key))
    return record


def record_tag(record: dict) -> str:
    """The ETag `GET /v1/<resource>/<key>` gives this record (see record_response)."""
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


def check_citation(connection: Connection, values: dict) -> None:
    """Facts from the article cite a paragraph; facts from elsewhere cite a source with a URL
    and a locator."""
    if "source_id" not in values:
        return
    source = connection.execute(
        select(Source.url, Source.paragraph).where(Source.id == values["source_id"])
    ).first()
    if source is None:
        return  # check_references reports it
    from_article = source.paragraph is not None
    if from_article and values.get("paragraph") is None:
        raise _invalid_citation("paragraph", "Facts from the article must cite its paragraph.")
    if not from_article:
        if not source.url:
            raise _invalid_citation(
                "source_id", "A source outside the article needs a URL before facts can cite it."
            )
        if values.get("paragraph") is not None:
            raise _invalid_citation(
                "paragraph", "Paragraphs belong to the article; use 'locator' for this source."
            )


def _invalid_citation(field: str, detail: str) -> ProblemError:
    return ProblemError(422, "invalid-citation", "Invalid citation", detail, parameter=field)


def check_unique(connection: Connection, resource: Resource, values: dict, key: Any) -> None:
    """A record with the same natural key (or id) is a conflict (409 naming the fields)."""
    table = resource.table
    keys = [[column.name for column in table.primary_key.columns]] + [
        [column.name for column in constraint.columns]
        for constraint in table.constraints
        if type(constraint).__name__ == "UniqueConstraint"
    ]
    for columns in keys:
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
    """'visits 3, 7' style descriptions of the records that point at this one."""
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
            count, first, last = count_and_keys
            if count:
                span = f"{first}" if count == 1 else f"{first} … {last}"
                found.append(f"{count} {other.plural} ({column.name}: {span})")
    return found
