"""The ETag's dataset version is read once a second per worker, not once per GET: changes made
through the worker's own engine show at once, changes from elsewhere within the TTL."""

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event

from app.db import make_engine
from app.meta import caching
from app.meta.version import bump
from app.seeding import seed
from tests.conftest import app_for, migrate


def _reads(engine, counter):
    def count(_conn, _cursor, statement, *_rest):
        if "dataset_version" in statement:
            counter.append(statement)

    event.listen(engine, "before_cursor_execute", count)


def test_the_version_is_read_once_per_ttl_and_other_writers_show_after_it(
    fresh_database_url, monkeypatch
):
    migrate(fresh_database_url)
    engine = make_engine(fresh_database_url)
    seed(engine)
    reads: list[str] = []
    _reads(engine, reads)
    clock = [1000.0]
    monkeypatch.setattr(caching.time, "monotonic", lambda: clock[0])
    with TestClient(app_for(engine)) as client:
        first = client.get("/v1/summits").headers["etag"]
        for _ in range(5):
            assert client.get("/v1/summits").headers["etag"] == first
        assert len(reads) == 1  # one read for six answers

        other = create_engine(fresh_database_url)  # another process, as far as the app knows
        with other.begin() as connection:
            bump(connection)
        other.dispose()
        clock[0] += caching.VERSION_TTL / 2
        assert client.get("/v1/summits").headers["etag"] == first  # still within the TTL
        clock[0] += caching.VERSION_TTL
        second = client.get("/v1/summits").headers["etag"]
        assert second != first
        assert len(reads) == 2

        with engine.begin() as connection:  # through the app's own engine: seen at once
            bump(connection)
        before = len(reads)
        assert client.get("/v1/summits").headers["etag"] not in (first, second)
        assert len(reads) == before + 1
    engine.dispose()
