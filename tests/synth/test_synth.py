"""`kca synth`: plausible, referentially valid, reproducible synthetic rows for benchmarks."""

import pytest
from sqlalchemy import event, select, text

from app.db import make_engine
from app.meta.version import current
from app.search.build import rebuild_index
from app.seeding import seed
from app.synth import generate
from app.synth.load import synth
from tests.conftest import migrate, seeded_engine

pytestmark = pytest.mark.slow  # each test loads thousands of synthetic rows

COUNTS = {"investments": 3_000, "projects": 300, "visits": 500}


def _synthesized(url):
    migrate(url)
    engine = make_engine(url)
    seed(engine)
    report = synth(engine, seed=3, **COUNTS)
    return engine, report


def _rows(connection, table):
    return connection.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()


def test_synth_adds_what_was_asked_citing_the_synthetic_source(database_factory):
    engine, report = _synthesized(database_factory())
    assert report.rows == {"projects": 300, "visits": 500, "investments": 3_000}
    assert report.documents == 3_800
    with engine.connect() as connection:
        assert current(connection)[0] == 2  # the seed made 1; synth bumps once
        source = connection.execute(
            text("SELECT title, url FROM sources WHERE id = :id"), {"id": generate.SOURCE_ID}
        ).one()
        assert "synthetic" in source.url and "not facts" in source.title
        for table, n in COUNTS.items():
            cited = connection.execute(
                text(
                    f"SELECT count(*), min(locator), count(paragraph) FROM {table} "
                    "WHERE source_id = :id"
                ),
                {"id": generate.SOURCE_ID},
            ).one()
            assert cited[0] == n and cited[1].startswith("synthetic row ") and cited[2] == 0
        # Synthetic money figures link only to projects that exist, visits only to people.
        orphans = connection.execute(
            text(
                "SELECT count(*) FROM investments i LEFT JOIN projects p ON p.id = i.project_id "
                "WHERE i.project_id IS NOT NULL AND p.id IS NULL"
            )
        ).scalar_one()
        assert orphans == 0
        linked = connection.execute(
            text("SELECT count(*) FROM investments WHERE project_id > 100")
        ).scalar_one()
        assert linked > 500  # about 30% of them
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        pairs = connection.execute(
            text("SELECT count(*) FROM visits GROUP BY from_country, to_country, office, year")
        ).scalars()
        assert set(pairs) == {1}
    engine.dispose()


def test_synth_is_reproducible(database_factory):
    first, _ = _synthesized(database_factory())
    second, _ = _synthesized(database_factory())
    with first.connect() as a, second.connect() as b:
        for table in ("investments", "projects", "visits", "search_documents"):
            assert _rows(a, table) == _rows(b, table), table
    first.dispose()
    second.dispose()


def test_synthetic_search_documents_are_what_a_rebuild_makes(database_factory):
    engine, _ = _synthesized(database_factory())
    query = text(
        "SELECT resource, record_key, title, body, terms FROM search_documents "
        "ORDER BY resource, record_key"
    )
    with engine.begin() as connection:
        written = connection.execute(query).all()
        rebuild_index(connection)
        assert connection.execute(query).all() == written
    engine.dispose()


def test_synthetic_rows_are_searchable_and_listed(database_factory):
    from tests.clients import OneHopClient
    from tests.conftest import app_for

    engine, _ = _synthesized(database_factory())
    with OneHopClient(app_for(engine)) as client:
        hits = client.get("/v1/investments", params={"q": "synthetic kyrgyzstan"}).json()
        assert hits["data"] and all(
            "Kyrgyzstan" in row["description"] and row["citation"]["source"]["id"] == 9000
            for row in hits["data"]
        )
        page = client.get("/v1/visits", params={"limit": 5, "count": "exact"}).json()
        assert page["meta"]["total"] == 22 + 500  # the seeds hold 22 visits
    engine.dispose()


def test_too_many_visits_are_refused_before_anything_is_written(database_factory):
    url = database_factory()
    migrate(url)
    engine = make_engine(url)
    seed(engine)
    with pytest.raises(ValueError, match="unique on"):
        synth(engine, visits=10**6)
    with engine.connect() as connection:
        assert (
            connection.execute(select(text("count(*)")).select_from(text("visits"))).scalar() == 22
        )
        assert current(connection)[0] == 1
    engine.dispose()


def _state(connection) -> dict:
    tables = ("visits", "projects", "investments", "search_documents", "sources")
    state = {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}
    state["version"] = current(connection)[0]
    if connection.dialect.name == "sqlite":
        state["journal"] = connection.exec_driver_sql("PRAGMA journal_mode").scalar_one()
        state["fts"] = connection.exec_driver_sql("SELECT count(*) FROM search_fts").scalar_one()
        state["triggers"] = connection.exec_driver_sql(
            "SELECT group_concat(name) FROM sqlite_master WHERE type = 'trigger'"
        ).scalar_one()
    return state


def test_a_failure_midway_leaves_the_database_as_it_was(database_factory):
    engine = seeded_engine(database_factory())
    with engine.connect() as connection:
        before = _state(connection)

    def fail_among_money_figures(table: str, rows: int) -> None:
        if table == "investments":
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        synth(engine, seed=3, progress=fail_among_money_figures, **COUNTS)
    with engine.connect() as connection:
        assert _state(connection) == before
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql(
                "INSERT INTO search_fts (search_fts) VALUES ('integrity-check')"
            )
    # Nothing is left behind that would stop the next load (temporary tables, for one).
    assert synth(engine, seed=3, **COUNTS).rows == COUNTS
    engine.dispose()


@pytest.mark.postgres
def test_a_load_outlasts_the_request_statement_timeout(database_factory):
    """DB_STATEMENT_TIMEOUT_MS cancels slow requests on PostgreSQL; synth's long statements
    are exempt, for their own transactions only."""
    url = database_factory()
    if not url.startswith("postgresql"):
        pytest.skip("statement timeouts are PostgreSQL's")
    engine = seeded_engine(url)
    engine.dispose()  # its connections are made again, each with a 1 ms statement timeout
    event.listen(
        engine, "connect", lambda dbapi, record: dbapi.execute("SET statement_timeout = 1")
    )
    assert synth(engine, seed=3, **COUNTS).rows == COUNTS
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW statement_timeout").scalar_one() == "1ms"
    engine.dispose()
