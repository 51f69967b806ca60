"""The ETag's dataset version is read once a second per worker, not once per GET: changes made
through the worker's own engine show at once, changes from elsewhere within the TTL."""

from sqlalchemy import create_engine

from app.meta import caching
from app.meta.version import bump
from tests.clients import OneHopClient
from tests.conftest import app_for, seeded_engine
from tests.helpers import issued_statements


def version_reads(issued: list[str]) -> int:
    return sum("dataset_version" in statement for statement in issued)


def test_the_version_is_read_once_per_ttl_and_other_writers_show_after_it(
    fresh_database_url, monkeypatch
):
    engine = seeded_engine(fresh_database_url)
    clock = [1000.0]
    monkeypatch.setattr(caching.time, "monotonic", lambda: clock[0])
    with issued_statements(engine) as issued, OneHopClient(app_for(engine)) as client:
        first = client.get("/v1/summits").headers["etag"]
        for _ in range(5):
            assert client.get("/v1/summits").headers["etag"] == first
        assert version_reads(issued) == 1  # one read for six answers

        other = create_engine(fresh_database_url)  # another process, as far as the app knows
        with other.begin() as connection:
            bump(connection)
        other.dispose()
        clock[0] += caching.VERSION_TTL / 2
        assert client.get("/v1/summits").headers["etag"] == first  # still within the TTL
        clock[0] += caching.VERSION_TTL
        second = client.get("/v1/summits").headers["etag"]
        assert second != first
        assert version_reads(issued) == 2

        with engine.begin() as connection:  # through the app's own engine: seen at once
            bump(connection)
        before = version_reads(issued)
        assert client.get("/v1/summits").headers["etag"] not in (first, second)
        assert version_reads(issued) == before + 1
    engine.dispose()
