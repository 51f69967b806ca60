"""Where reads get their connections (app.query.connections): on a SQLite file, connections the
reads keep for themselves, outside the engine's pool."""

import pytest
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from app.db import make_engine
from app.query.prepared import run
from tests.conftest import seeded_engine


def _connection(reader):
    return reader.cursor.connection


@pytest.fixture
def file_engine(fresh_database_url):
    if not fresh_database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL reads use the engine's pool")
    engine = seeded_engine(fresh_database_url)
    assert isinstance(engine.pool, QueuePool)
    yield engine
    engine.dispose()


def test_reads_hand_one_connection_on_and_leave_the_pool_alone(file_engine):
    first = run(file_engine, _connection)
    assert file_engine.pool.checkedout() == 0
    assert [run(file_engine, _connection) for _ in range(3)] == [first] * 3
    # Each read ended its snapshot: the connection is in no transaction.
    assert not first.in_transaction


def test_a_connection_that_failed_is_not_lent_again(file_engine):
    failed = []

    def failing(reader):
        failed.append(_connection(reader))
        reader.execute("SELECT * FROM no_such_table", ())

    with pytest.raises(DBAPIError, match="no_such_table"):
        run(file_engine, failing)
    assert run(file_engine, _connection) is not failed[0]
    with pytest.raises(Exception, match="closed"):
        failed[0].execute("SELECT 1")


def test_dispose_closes_the_idle_connections(fresh_database_url):
    if not fresh_database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL reads use the engine's pool")
    seeded_engine(fresh_database_url).dispose()
    engine = make_engine(fresh_database_url)
    idle = run(engine, _connection)
    engine.dispose()
    with pytest.raises(Exception, match="closed"):
        idle.execute("SELECT 1")
    assert run(engine, _connection) is not idle  # a new one, set up by the connect listeners
    engine.dispose()
