"""Rebuilding the search documents of every resource (after seeding or a bulk change)."""

from sqlalchemy import Connection, delete, insert, select

from app.catalog import RESOURCES
from app.countries.models import Country
from app.search.index import documents, rebuild
from app.search.models import SearchDocument
from app.search.titles import TITLES


def rebuild_index(connection: Connection) -> int:
    names = dict(connection.execute(select(Country.code, Country.name)).all())
    return rebuild(connection, RESOURCES, TITLES, names)


def refresh_document(connection: Connection, resource, key) -> None:
    """Rewrites the search document of one record (or drops it when the record is gone)."""
    connection.execute(
        delete(SearchDocument).where(
            SearchDocument.resource == resource.plural, SearchDocument.record_key == str(key)
        )
    )
    names = dict(connection.execute(select(Country.code, Country.name)).all())
    rows = list(documents(connection, resource, TITLES[resource.plural], names, key=key))
    if rows:
        connection.execute(insert(SearchDocument), rows)
