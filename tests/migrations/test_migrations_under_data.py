"""Upgrading a database that holds the dataset at any earlier revision keeps every row."""

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, create_engine, insert

from app.db import make_engine
from app.health import alembic_config
from app.seeding import SEED_TABLES, read_seeds, seed
from tests.conftest import app_for, migrate

REVISIONS = [
    revision.revision
    for revision in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))
]
PATHS = [
    "/v1/visits?limit=500",
    "/v1/summits",
    "/v1/projects?limit=500",
    "/v1/investments?limit=500",
    "/v1/missions?limit=500",
    "/v1/diaspora",
    "/v1/sources?limit=500",
    "/v1/countries?limit=500",
    "/v1/people?limit=500",
    "/v1/relations",
    "/v1/terms",
    "/v1/person_facts",
    "/v1/search?q=tashkent",
    "/v1/stats/visits?group_by=country",
]


def load_at_revision(url: str) -> set[str]:
    """The seed rows, written with plain inserts into whatever tables and columns this revision
    has; returns the tables it had."""
    engine = create_engine(url)
    tables = MetaData()
    tables.reflect(engine)
    rows = read_seeds()
    with engine.begin() as connection:
        for spec in SEED_TABLES:
            if spec.table.name not in tables.tables:
                continue  # added by a later revision: seeding fills it after the upgrade
            table = tables.tables[spec.table.name]
            records = [
                {name: value for name, value in row.values.items() if name in table.c}
                for row in rows[spec]
            ]
            connection.execute(insert(table), records)
    engine.dispose()
    return set(tables.tables)


@pytest.mark.parametrize("revision", REVISIONS[:-1])
def test_upgrading_from_an_earlier_revision_keeps_every_row(revision, fresh_database_url, client):
    migrate(fresh_database_url, revision)
    loaded = load_at_revision(fresh_database_url)
    migrate(fresh_database_url)
    engine = make_engine(fresh_database_url)
    report = seed(engine)  # writes nothing the upgrade kept; builds the search index
    assert {table for table, count in report.inserted.items() if count} <= (
        {spec.table.name for spec in SEED_TABLES} - loaded
    )
    assert sum(report.updated.values()) == 0
    with TestClient(app_for(engine)) as upgraded:
        for path in PATHS:
            assert upgraded.get(path).json()["data"] == client.get(path).json()["data"], path
    engine.dispose()


def test_downgrade_to_base_and_back_on_a_seeded_database(fresh_database_url, client):
    migrate(fresh_database_url)
    engine = make_engine(fresh_database_url)
    seed(engine)
    command.downgrade(alembic_config(fresh_database_url), "base")
    migrate(fresh_database_url)
    seed(engine)
    with TestClient(app_for(engine)) as again:
        for path in PATHS:
            assert again.get(path).json()["data"] == client.get(path).json()["data"], path
    engine.dispose()
