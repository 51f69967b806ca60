"""Where reads run (app.query.executor.run_reads): the event loop or a worker thread."""

import pytest

from app.query import executor
from tests.clients import OneHopClient
from tests.conftest import app_for

QUICK_BY_MEASURE = [
    "/v1/stats/visits?group_by=country&office=president",
    "/v1/visits?filter[year__gte]=2015&limit=5",
    "/v1/visits?sort=-year,city&limit=5",
    "/v1/search?q=tashkent",
]
"""One read of each executor that is not cheap by construction (a range, a sort, an aggregate,
a search): a worker thread runs it until its last run shows it quick."""


@pytest.fixture
def threaded(monkeypatch) -> list[bool]:
    """Grows by True each time a read runs in a worker thread."""
    runs: list[bool] = []
    in_worker_thread = executor.in_worker_thread

    async def recorded(*args):
        runs.append(True)
        return await in_worker_thread(*args)

    monkeypatch.setattr(executor, "in_worker_thread", recorded)
    return runs


@pytest.mark.parametrize("url", QUICK_BY_MEASURE)
def test_a_quick_read_runs_on_the_event_loop_once_it_has_run_in_a_worker_thread(
    engine, monkeypatch, threaded, url
):
    """Only on SQLite, and only while its last run took under INLINE_SECONDS."""

    def answered(client) -> None:
        threaded.append(False)
        assert client.get(url).status_code == 200

    monkeypatch.setattr(executor, "INLINE_SECONDS", 60)  # however busy the machine
    with OneHopClient(app_for(engine)) as client:
        for _ in range(3):
            answered(client)
        monkeypatch.setattr(executor, "INLINE_SECONDS", 0)
        answered(client)
    # Each answer's marker, then True where a worker thread ran its reads.
    runs = "".join("T" if flag else "|" for flag in threaded)
    on_sqlite = engine.dialect.name == "sqlite"
    assert runs == ("|T|||T" if on_sqlite else "|T|T|T|T")


def test_an_equality_list_runs_on_the_event_loop_from_its_first_read(engine, monkeypatch, threaded):
    """Index-served by construction (tests/query/test_plans.py): no measuring needed."""
    monkeypatch.setattr(executor, "INLINE_SECONDS", 0)
    with OneHopClient(app_for(engine)) as client:
        assert client.get("/v1/visits?office=president&limit=5").status_code == 200
    assert threaded == ([] if engine.dialect.name == "sqlite" else [True])
