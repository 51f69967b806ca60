"""Settings from the environment, and the read engine: GETs read DATABASE_READ_URL, writes (and
the token and If-Match checks they make) the primary."""

import re
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import text

from app.config import Settings
from app.curation.tokens import create_token
from app.main import create_app
from app.meta.version import bump, current
from tests.clients import OneHopClient
from tests.conftest import UNLIMITED, seeded_engine
from tests.helpers import issued_statements


def test_defaults(monkeypatch):
    for name in (
        "DATABASE_URL",
        "DATABASE_READ_URL",
        "WORKERS",
        "LOG_LEVEL",
        "REDIS_URL",
        "OPENTELEMETRY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("CORS_ORIGINS", raising=False)
    settings = Settings(_env_file=None)
    assert settings.database_url == "sqlite:///./kca.db"
    assert settings.database_read_url is None
    assert settings.read_url == "sqlite:///./kca.db"
    assert (settings.workers, settings.log_level, settings.redis_url) == (1, "INFO", None)
    assert settings.cors_origin_list == ["*"]
    assert settings.opentelemetry is False


def test_values_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://kca@primary/kca")
    monkeypatch.setenv("DATABASE_READ_URL", "postgresql://kca@replica/kca")
    monkeypatch.setenv("WORKERS", "4")
    monkeypatch.setenv("LOG_LEVEL", "warning")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example,")
    settings = Settings(_env_file=None)
    assert settings.database_url == "postgresql+psycopg://kca@primary/kca"
    assert settings.read_url == "postgresql+psycopg://kca@replica/kca"
    assert (settings.workers, settings.log_level) == (4, "WARNING")
    assert settings.redis_url == "redis://cache:6379/0"
    assert settings.cors_origin_list == ["https://a.example", "https://b.example"]


def test_an_empty_read_url_means_the_primary(monkeypatch):
    monkeypatch.setenv("DATABASE_READ_URL", "")
    settings = Settings(_env_file=None, database_url="sqlite:///x.db")
    assert (settings.database_read_url, settings.read_url) == (None, "sqlite:///x.db")


@pytest.mark.parametrize(
    ("name", "value"), [("LOG_LEVEL", "loud"), ("WORKERS", "0"), ("WORKERS", "two")]
)
def test_bad_values_are_refused(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as error:
        Settings(_env_file=None)
    assert error.value.errors()[0]["loc"] == (name.lower(),)


@pytest.fixture(scope="module")
def two_databases(database_factory):
    """A primary and a 'replica' that has drifted: summit 2 says 99 there, and its version
    is ten ahead. A curator token exists on the primary only."""
    engines = {}
    for name in ("primary", "replica"):
        engines[name] = seeded_engine(database_factory())
    with engines["replica"].begin() as connection:
        connection.execute(text("UPDATE summits SET count = 99 WHERE id = 2"))
        for _ in range(10):
            bump(connection)
    with engines["primary"].begin() as connection:
        token = create_token(connection, "primary-only")
    yield engines["primary"], engines["replica"], token
    for engine in engines.values():
        engine.dispose()


def test_gets_read_the_replica_and_writes_the_primary(two_databases):
    primary, replica, token = two_databases
    with (
        issued_statements(primary) as on_primary,
        issued_statements(replica) as on_replica,
        OneHopClient(create_app(primary, UNLIMITED, read_engine=replica)) as client,
        OneHopClient(create_app(primary, UNLIMITED)) as primary_only,
    ):
        on_primary.clear()
        on_replica.clear()
        record = client.get("/v1/summits/2")
        assert record.json()["count"] == 99
        assert client.get("/v1/summits", params={"format": "csv"}).text.count(",99,") == 1
        with replica.connect() as connection:
            replica_version = current(connection)[0]
        assert client.get("/v1/meta").json()["version"] == replica_version
        assert on_primary == [] and on_replica

        auth = {"Authorization": f"Bearer {token}"}
        # The If-Match check compares with the primary's record, not the replica's
        stale = client.patch(
            "/v1/summits/2",
            json={"count": 17},
            headers={**auth, "If-Match": record.headers["etag"]},
        )
        assert stale.status_code == 412, stale.text
        primary_tag = primary_only.get("/v1/summits/2").headers["etag"]
        assert primary_tag != record.headers["etag"]
        on_primary.clear()
        on_replica.clear()
        # the token exists on the primary only, so this also shows where the check ran
        written = client.patch(
            "/v1/summits/2", json={"count": 17}, headers={**auth, "If-Match": primary_tag}
        )
        assert written.status_code == 200, written.text
        assert written.json()["count"] == 17
        assert on_replica == [] and on_primary

        assert primary_only.get("/v1/summits/2").json()["count"] == 17
        assert client.get("/v1/summits/2").json()["count"] == 99  # the replica has not caught up


def test_without_a_replica_both_engines_are_the_primary(engine):
    app = create_app(engine, UNLIMITED)
    assert app.state.read_engine is app.state.engine


def test_database_read_url_makes_a_second_engine(two_databases):
    primary, replica, _token = two_databases
    settings = UNLIMITED.model_copy(
        update={"database_read_url": replica.url.render_as_string(hide_password=False)}
    )
    with OneHopClient(create_app(primary, settings)) as client:
        assert client.app.state.read_engine is not primary
        assert client.app.state.read_engine.url == replica.url
        assert client.get("/v1/summits/2").json()["count"] == 99
    client.app.state.read_engine.dispose()


def test_every_setting_is_documented_in_the_readme():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Settings") : readme.index("## Command line")]
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", table, re.MULTILINE))
    assert {name.upper() for name in Settings.model_fields} <= documented
    for name in ("SEED_ON_START", "FORWARDED_ALLOW_IPS", "PROMETHEUS_MULTIPROC_DIR"):
        assert name in documented  # read by the entry point, not by Settings


@pytest.mark.parametrize("wanted", [False, True])
def test_opentelemetry_reporting_follows_the_setting(engine, wanted):
    """FastAPI's OpenTelemetry hooks (its `telemetry` option) are on only when asked for."""
    app = create_app(engine, UNLIMITED.model_copy(update={"opentelemetry": wanted}))
    flags = {name: app._telemetry[name] for name in ("tracing", "metrics", "logs")}
    assert flags == {"tracing": wanted, "metrics": wanted, "logs": wanted}
    with OneHopClient(app) as client:
        assert client.get("/v1/countries/kz").status_code == 200
