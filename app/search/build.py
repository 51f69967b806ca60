"""Rebuilding the search documents of every resource (after seeding or a bulk change)."""

from sqlalchemy import Connection, delete, insert, select

from app.countries.models import Country
from app.query.resource import Resource
from app.registry import REGISTRY
from app.search.index import documents, rebuild
from app.search.models import SearchDocument


def rebuild_index(
    connection: Connection, resources: tuple[Resource, ...] = REGISTRY.resources
) -> int:
    return rebuild(connection, resources, _country_names(connection))


def refresh_document(connection: Connection, resource: Resource, key) -> None:
    """Rewrites the search document of one record (or drops it when the record is gone)."""
    connection.execute(
        delete(SearchDocument).where(
            SearchDocument.resource == resource.plural, SearchDocument.record_key == str(key)
        )
    )
    rows = list(documents(connection, resource, _country_names(connection), key=key))
    if rows:
        connection.execute(insert(SearchDocument), rows)


def _country_names(connection: Connection) -> dict[str, str]:
    return dict(connection.execute(select(Country.code, Country.name)).all())
