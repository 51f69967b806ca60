"""Upgrading a database that holds the dataset at any earlier revision keeps every row."""

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import (
    Column,
    ForeignKeyConstraint,
    MetaData,
    Table,
    create_engine,
    insert,
    inspect,
    text,
)

from app.db import make_engine
from app.health import alembic_config
from app.seeding import SEED_TABLES, read_seeds, referenced_first, seed
from tests.conftest import app_for, migrate, seeded_engine
from tests.helpers import issued_statements

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
    "/v1/initiatives?limit=500",
    "/v1/agreements",
    "/v1/relations",
    "/v1/terms",
    "/v1/person_facts",
    "/v1/search?q=tashkent",
    "/v1/stats/visits?group_by=country",
]
OLDER_MISSION_KINDS = {"diplomatic_mission": "embassy"}
"""Before revision 0006 a mission of unstated level could only be typed `embassy`."""
FACTS_0006_ADDS = {"investments", "projects", "missions", "sources"}
"""Tables whose new columns (a figure's nature and printed amount, precise dates, a decree's
issuer, a footnote's pages) hold facts the seeds give and no migration can derive."""
FACTS_0015_ADDS = {"investments", "agreements", "indicators", "diaspora", "organisations"}
"""Tables whose columns from revision 0015 (the months a money figure covers, the day the other
external record kinds were reported) hold facts the seeds give."""
EXTERNAL_0011_ADDS = {
    "sources",
    "people",
    "visits",
    "initiatives",
    "organisations",
    "forum_sessions",
    "agreements",
    "investments",
    "indicators",
    "diaspora",
}
"""Tables holding facts from external pages, which an earlier revision has no columns for
(origin, status, as_of): loaded only from revision 0011 on, inserted by the seed before."""
MEASURES_0012_ADDS = {"presidents_since"}
"""Indicator measures the CHECK constraint refuses before revision 0012: those rows are loaded
only from 0012 on, inserted by the seed before."""

NAMES_BEFORE_0013 = {
    "projects": {"year_from": "year_start", "year_to": "year_end"},
    "terms": {"year_from": "start_year", "year_to": "end_year"},
}
"""Year-range columns as they were called before revision 0013 gave them one name."""


def load_at_revision(url: str) -> set[str]:
    """The seed rows, written with plain inserts into whatever tables and columns this revision
    has; returns the tables it does not have yet."""
    engine = create_engine(url)
    with engine.connect() as connection:
        tables = described_tables(connection)
    rows = read_seeds()
    later = {spec.table.name for spec in SEED_TABLES} - set(tables)
    before_0011 = "origin" not in tables["sources"].c
    with engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    before_0012 = revision < "0012"
    external = {
        row.values["id"]
        for spec in SEED_TABLES
        if spec.table.name == "sources"
        for row in rows[spec]
        if row.values["origin"] == "external"
    }
    with engine.begin() as connection:
        for spec in SEED_TABLES:
            if spec.table.name in later:
                continue
            table = tables[spec.table.name]
            older = NAMES_BEFORE_0013.get(table.name, {}) if "year_from" not in table.c else {}
            records = [
                {
                    older.get(name, name): value
                    for name, value in row.values.items()
                    if older.get(name, name) in table.c
                }
                for row in rows[spec]
                if not before_0011
                or (
                    row.values.get("id") not in external
                    if table.name == "sources"
                    else row.values.get("source_id") not in external
                    and row.values.get("id") != "yoon-suk-yeol"
                )
            ]
            if table.name == "indicators" and before_0012:
                records = [r for r in records if r["measure"] not in MEASURES_0012_ADDS]
            if table.name == "missions" and "decreed_by" not in table.c:
                for record in records:
                    record["kind"] = OLDER_MISSION_KINDS.get(record["kind"], record["kind"])
            connection.execute(insert(table), referenced_first(table, records))
    engine.dispose()
    return later


def described_tables(connection) -> dict[str, Table]:
    """Every table with the columns (and types), primary key and foreign keys this revision
    gives it: all the plain inserts and `referenced_first` need. Reflecting indexes and CHECK
    and UNIQUE constraints as well cost several times as much, in every revision's test."""
    inspector = inspect(connection)
    keys = inspector.get_multi_pk_constraint()
    foreign = inspector.get_multi_foreign_keys()
    metadata = MetaData()
    for (schema, name), columns in inspector.get_multi_columns().items():
        key = keys[(schema, name)]["constrained_columns"]
        Table(
            name,
            metadata,
            *(Column(c["name"], c["type"], primary_key=c["name"] in key) for c in columns),
            *(
                ForeignKeyConstraint(
                    fk["constrained_columns"],
                    [f"{fk['referred_table']}.{column}" for column in fk["referred_columns"]],
                )
                for fk in foreign[(schema, name)]
            ),
        )
    return dict(metadata.tables)


@pytest.fixture(scope="module")
def seeded_answers(client) -> dict[str, list]:
    """The records each of PATHS answers on the shared database, migrated and seeded at head."""
    return {path: client.get(path).json()["data"] for path in PATHS}


@pytest.fixture(scope="module")
def upgraded_client(engine) -> Iterator[TestClient]:
    """One application for every upgraded database, pointed at each in turn by `answers_on`:
    building the application again for each took longer than a revision's own checks."""
    with TestClient(app_for(engine)) as test_client:
        yield test_client


def answers_on(client: TestClient, engine) -> dict[str, list]:
    """The records each of PATHS answers when `client`'s application reads and writes through
    `engine` (every route takes its engine from the application's state at each request)."""
    state = client.app.state
    before = state.engine, state.read_engine
    state.engine = state.read_engine = engine
    answers = {}
    try:
        for path in PATHS:
            with issued_statements(engine) as issued:
                answers[path] = client.get(path).json()["data"]
            assert issued, f"{path} was not read from the upgraded database"
    finally:
        state.engine, state.read_engine = before
    return answers


@pytest.mark.slow  # a second or more per revision, each a migration run of its own
@pytest.mark.parametrize("revision", REVISIONS[:-1])
def test_upgrading_from_an_earlier_revision_keeps_every_row(
    revision, fresh_database_url, seeded_answers, upgraded_client
):
    migrate(fresh_database_url, revision)
    later = load_at_revision(fresh_database_url)
    migrate(fresh_database_url)
    engine = make_engine(fresh_database_url)
    report = seed(engine)  # writes nothing the upgrade kept; builds the search index
    assert {table for table, count in report.inserted.items() if count} <= (
        later | EXTERNAL_0011_ADDS | {"indicators"}
    )
    assert {name for name, n in report.updated.items() if n} <= FACTS_0006_ADDS | FACTS_0015_ADDS
    assert answers_on(upgraded_client, engine) == seeded_answers
    engine.dispose()


def test_downgrade_to_base_and_back_on_a_seeded_database(
    fresh_database_url, seeded_answers, upgraded_client
):
    engine = seeded_engine(fresh_database_url)
    # Revisions before 0003 hold only the article's facts and refuse to drop others: the
    # external facts are deleted first, and the reseed after the upgrade brings them back.
    with engine.begin() as connection:
        external = "(SELECT id FROM sources WHERE origin = 'external')"
        connection.execute(text("DELETE FROM extra_citations"))
        # agreements before the money figures they link to
        for table in (
            "forum_sessions",
            "visits",
            "initiatives",
            "organisations",
            "agreements",
            "indicators",
            "diaspora",
            "investments",
        ):
            connection.execute(text(f"DELETE FROM {table} WHERE source_id IN {external}"))
        connection.execute(text(f"DELETE FROM sources WHERE id IN {external}"))
    command.downgrade(alembic_config(fresh_database_url), "base")
    migrate(fresh_database_url)
    seed(engine)
    assert answers_on(upgraded_client, engine) == seeded_answers
    engine.dispose()
