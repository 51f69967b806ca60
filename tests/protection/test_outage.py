"""The database goes away under load and comes back (PostgreSQL, through a cuttable proxy)."""

import threading
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import make_url, select

from app.config import Settings
from app.curation.models import Change
from app.curation.tokens import create_token
from app.db import make_engine
from app.seeding import seed
from tests.conftest import UNLIMITED, app_for, migrate
from tests.outage import CuttableProxy

pytestmark = pytest.mark.postgres

BOUND = 5.0  # no request may take longer than this while the database is away


@pytest.fixture
def postgres_url(fresh_database_url):
    if not fresh_database_url.startswith("postgresql"):
        pytest.skip("outage tests need a networked database: set KCA_TEST_DATABASE_URL")
    migrate(fresh_database_url)
    return fresh_database_url


def settings_for(url: str, **overrides) -> Settings:
    values = {"database_url": url, "db_connect_timeout": 1, "db_pool_timeout": 1.0}
    return UNLIMITED.model_copy(update={**values, **overrides})


def test_outage_gives_quick_503s_then_recovers_without_restart(postgres_url):
    direct = make_engine(postgres_url)
    seed(direct)
    with direct.begin() as connection:
        token = create_token(connection, "outage")
    server = make_url(postgres_url)
    proxy = CuttableProxy(server.host or "127.0.0.1", server.port or 5432).start()
    proxied = server.set(host="127.0.0.1", port=proxy.port).render_as_string(False)
    settings = settings_for(proxied)
    engine = make_engine(proxied, settings)
    answers: list[tuple[str, float, int, dict]] = []
    stop = threading.Event()

    with TestClient(app_for(engine, settings)) as client:
        headers = {"Authorization": f"Bearer {token}"}

        def reads():
            while not stop.is_set():
                began = time.monotonic()
                response = client.get("/v1/summits")
                answers.append(
                    ("read", time.monotonic() - began, response.status_code, dict(response.headers))
                )

        def writes():
            count = 100
            while not stop.is_set():
                count += 1
                began = time.monotonic()
                current = client.get("/v1/summits/2")
                if current.status_code != 200:
                    answers.append(("write", time.monotonic() - began, current.status_code, {}))
                    continue
                response = client.patch(
                    "/v1/summits/2",
                    json={"count": count},
                    headers={**headers, "If-Match": current.headers["etag"]},
                )
                answers.append(
                    ("write", time.monotonic() - began, response.status_code, {"count": count})
                )

        workers = [
            threading.Thread(target=reads, daemon=True),
            threading.Thread(target=writes, daemon=True),
        ]
        for worker in workers:
            worker.start()
        time.sleep(1.0)
        proxy.cut()
        cut_at = len(answers)
        time.sleep(3.0)
        proxy.restore()
        restored_at = time.monotonic()
        recovered = None
        while time.monotonic() - restored_at < 10:
            if client.get("/v1/summits").status_code == 200:
                recovered = time.monotonic() - restored_at
                break
            time.sleep(0.1)
        time.sleep(1.0)
        stop.set()
        for worker in workers:
            worker.join(15)
        assert not any(worker.is_alive() for worker in workers), "a request never returned"

    during = answers[cut_at:]
    unavailable = [a for a in during if a[2] == 503]
    assert unavailable, "the outage produced no 503 answers"
    assert all(a[3].get("retry-after") == "5" for a in unavailable if a[0] == "read")
    assert max(a[1] for a in answers) < BOUND, max(a[1] for a in answers)
    assert {a[2] for a in answers} <= {200, 412, 503}, {a[2] for a in answers}
    assert recovered is not None and recovered < 5, recovered

    # Each write either committed with its change-log entry or left no trace.
    with direct.connect() as connection:
        logged = (
            connection.execute(
                select(Change.after)
                .where(Change.resource == "summits", Change.record_key == "2")
                .order_by(Change.id)
            )
            .scalars()
            .all()
        )
        current = connection.execute(select(Change).where(Change.record_key == "2")).first()
    acknowledged = [a[3]["count"] for a in answers if a[0] == "write" and a[2] == 200]
    logged_counts = [after["count"] for after in logged]
    assert acknowledged and set(acknowledged) <= set(logged_counts)
    assert logged_counts == sorted(logged_counts)  # no lost or reordered update
    with direct.connect() as connection:
        from app.summits.models import Summit

        stored = connection.execute(select(Summit.count).where(Summit.id == 2)).scalar_one()
    assert stored == logged_counts[-1] and current is not None
    engine.dispose()
    direct.dispose()
    proxy.cut()


def test_an_exhausted_pool_is_503_not_500(postgres_url):
    settings = settings_for(postgres_url, db_pool_size=1, db_pool_timeout=0.3)
    engine = make_engine(postgres_url, settings)
    seed(engine)
    with TestClient(app_for(engine, settings)) as client:
        held = [engine.connect()]  # the whole pool: one connection, no overflow
        try:
            began = time.monotonic()
            response = client.get("/v1/summits/1")
            assert time.monotonic() - began < 2
        finally:
            for connection in held:
                connection.close()
        assert response.status_code == 503
        assert response.headers["retry-after"] == "5"
        assert client.get("/v1/summits/1").status_code == 200
    engine.dispose()


def test_reads_run_in_read_only_transactions(postgres_url):
    engine = make_engine(postgres_url)
    from app.db import get_session

    class FakeRequest:
        method = "GET"

        class app:  # noqa: N801 - stands in for request.app
            class state:  # noqa: N801
                pass

    FakeRequest.app.state.engine = FakeRequest.app.state.read_engine = engine
    session = next(get_session(FakeRequest()))
    assert session.execute(select(1).where(True)).scalar() == 1
    from sqlalchemy import text

    assert session.execute(text("SHOW transaction_read_only")).scalar() == "on"
    session.close()
    engine.dispose()


def test_a_hot_read_whose_connection_drops_after_its_rows_still_answers(postgres_url):
    """The connection breaks between the last fetch and the closing rollback: the rows already
    read are the answer, the broken connection is discarded, and the next read reconnects."""
    from app.query.prepared import run

    server = make_url(postgres_url)
    proxy = CuttableProxy(server.host or "127.0.0.1", server.port or 5432).start()
    proxied = server.set(host="127.0.0.1", port=proxy.port).render_as_string(False)
    engine = make_engine(proxied, settings_for(proxied))

    def cut_after_reading(reader):
        rows = reader.execute("SELECT 1 + 1", ()).fetchall()
        proxy.cut()
        proxy.restore()
        return rows

    assert run(engine, cut_after_reading) == [(2,)]
    assert engine.pool.checkedout() == 0
    assert run(engine, lambda reader: reader.execute("SELECT 3", ()).fetchall()) == [(3,)]
    with engine.connect() as connection:  # what the pool hands out is writable again
        assert connection.exec_driver_sql("SHOW transaction_read_only").scalar() == "off"
    engine.dispose()
    proxy.cut()
