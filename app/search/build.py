"""Rebuilding the search documents of every resource (after seeding or a bulk change)."""

from sqlalchemy import Connection, select

from app.catalog import RESOURCES
from app.countries.models import Country
from app.search.index import rebuild
from app.search.titles import TITLES


def rebuild_index(connection: Connection) -> int:
    names = dict(connection.execute(select(Country.code, Country.name)).all())
    return rebuild(connection, RESOURCES, TITLES, names)
