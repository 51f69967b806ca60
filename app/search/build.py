"""Rebuilding the search documents of every resource (after seeding or a bulk change)."""

from collections import defaultdict

from sqlalchemy import Connection, delete, insert, select

from app.countries.models import Country, CountryName
from app.people.models import PersonAlias
from app.query.resource import Resource
from app.registry import REGISTRY
from app.search.index import documents, rebuild
from app.search.models import SearchDocument


def rebuild_index(
    connection: Connection, resources: tuple[Resource, ...] = REGISTRY.resources
) -> int:
    return rebuild(connection, resources, _country_names(connection), other_names(connection))


def refresh_document(connection: Connection, resource: Resource, key) -> None:
    """Rewrites the search document of one record (or drops it when the record is gone)."""
    connection.execute(
        delete(SearchDocument).where(
            SearchDocument.resource == resource.plural, SearchDocument.record_key == str(key)
        )
    )
    names = other_names(connection)
    rows = list(documents(connection, resource, _country_names(connection), names, key=key))
    if rows:
        connection.execute(insert(SearchDocument), rows)


def _country_names(connection: Connection) -> dict[str, str]:
    return dict(connection.execute(select(Country.code, Country.name)).all())


def other_names(connection: Connection) -> dict[tuple[str, str], list[str]]:
    """(resource, key) → the record's names beyond its own fields, which its search document
    carries too: a country's names in other languages, a person's other spellings."""
    names: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, name in connection.execute(
        select(CountryName.country_code, CountryName.name).order_by(CountryName.lang)
    ):
        names["countries", code].append(name)
    for person, alias in connection.execute(
        select(PersonAlias.person_id, PersonAlias.alias).order_by(PersonAlias.id)
    ):
        names["people", person].append(alias)
    return names
