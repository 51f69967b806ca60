"""Test databases: SQLite by default, PostgreSQL when KCA_TEST_DATABASE_URL names a server.

The shared database is migrated and seeded once per session; read tests never write to it.
Tests that need a database of their own (migrations, seeding) ask for `fresh_database_url`,
which is an empty SQLite file or an empty PostgreSQL database created for that test.
"""

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Engine

from app.config import Settings
from app.curation.tokens import create_token
from app.db import make_engine
from app.health import alembic_config
from app.main import create_app
from app.seeding import seed

ARTICLE = Path(
    os.environ.get(
        "KCA_ARTICLE", Path(__file__).resolve().parents[2] / "shared" / "seed-article.txt"
    )
)


def _server_url() -> str | None:
    url = os.environ.get("KCA_TEST_DATABASE_URL")
    return Settings(database_url=url).database_url if url else None


@pytest.fixture(scope="session")
def database_factory(tmp_path_factory):
    """Makes empty databases on the configured backend and drops them at the end."""
    server = _server_url()
    created: list[str] = []

    def make() -> str:
        if server is None:
            path = tmp_path_factory.mktemp("db") / "kca.db"
            return f"sqlite:///{path}"
        base = make_url(server)
        name = f"{base.database or 'kca'}_{uuid.uuid4().hex[:10]}"
        with _admin(server) as admin:
            admin.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return base.set(database=name).render_as_string(hide_password=False)

    yield make
    if server is not None:
        with _admin(server) as admin:
            for name in created:
                admin.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _admin(server: str):
    engine = create_engine(make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT")
    return engine.connect()


def migrate(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def seeded_engine(url: str) -> Engine:
    """An engine on `url` after migrating it to head and loading the seeds."""
    migrate(url)
    engine = make_engine(url)
    seed(engine)
    return engine


@pytest.fixture(scope="session")
def engine(database_factory) -> Iterator[Engine]:
    engine = seeded_engine(database_factory())
    yield engine
    engine.dispose()


@pytest.fixture
def fresh_database_url(database_factory) -> str:
    return database_factory()


UNLIMITED = Settings(rate_limit_reads=0, rate_limit_writes=0, rate_limit_auth_failures=0)


def app_for(engine, settings: Settings = UNLIMITED):
    """The application on a test database; rate limits off unless a test sets them."""
    return create_app(engine, settings)


@contextlib.contextmanager
def curator_client(url: str, name: str = "curator") -> Iterator[tuple[TestClient, Engine]]:
    """A client carrying a curator token, on a freshly seeded database at `url`."""
    engine = seeded_engine(url)
    with engine.begin() as connection:
        token = create_token(connection, name)
    with TestClient(app_for(engine)) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield client, engine
    engine.dispose()


@pytest.fixture(scope="session")
def client(engine) -> Iterator[TestClient]:
    with TestClient(app_for(engine)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def article_paragraphs() -> list[str]:
    if not ARTICLE.is_file():
        pytest.skip(f"the seed article is not at {ARTICLE}; set KCA_ARTICLE to its path")
    lines = ARTICLE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]
