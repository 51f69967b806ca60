"""Test databases: SQLite by default, PostgreSQL when KCA_TEST_DATABASE_URL names a server.

The shared database is migrated and seeded once per session; read tests never write to it.
Tests that need a database of their own (migrations, seeding) ask for `fresh_database_url`,
which is an empty SQLite file or an empty PostgreSQL database created for that test;
`migrate` and `seeded_engine` make such a database a copy of a template (tests/databases.py).
"""

import contextlib
import gc
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy.engine import Engine

from app.config import Settings
from app.curation.tokens import create_token
from app.db import make_engine
from app.health import alembic_config
from app.main import create_app
from app.seeding import seed
from tests.clients import OneHopClient
from tests.databases import MIGRATED, SEEDED, Databases, memory_directory

ARTICLE = Path(
    os.environ.get(
        "KCA_ARTICLE", Path(__file__).resolve().parents[2] / "shared" / "seed-article.txt"
    )
)


def _server_url() -> str | None:
    url = os.environ.get("KCA_TEST_DATABASE_URL")
    return Settings(database_url=url).database_url if url else None


DATABASES: Databases | None = None
"""This process's session databases (set by `database_factory`)."""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items) -> None:
    """Files holding a slow test run first, each kept whole. worksteal gives a worker that runs
    out the end of the other's queue: quick tests then, not a file whose fixture is built a second
    time before a long test (the 78k-row plans once finished the run alone, 25 s after the rest)."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish() -> None:
    """Every test and fixture is done: what is still alive lives until the process exits. The
    young generations are collected (pytest's end-of-session check still sees an unraisable
    exception from their garbage), then everything is frozen, so pytest's final collections and
    the interpreter's exit do not walk a million objects to free nothing. What that check no
    longer sees: garbage among the oldest generation's objects made since the last full
    collection of the run."""
    gc.collect(1)
    gc.freeze()


@pytest.fixture(scope="session")
def database_factory():
    """Makes empty databases on the configured backend and drops them at the end."""
    global DATABASES
    DATABASES = Databases(_server_url())
    yield DATABASES.new
    DATABASES.drop_all()
    DATABASES = None


def migrate(url: str, revision: str = "head") -> None:
    """Upgrades the database at `url` to `revision`; a new, empty database from
    `database_factory` becomes a copy of one Alembic migrated to that revision once."""
    template = MIGRATED if revision == "head" else revision
    if DATABASES is not None and DATABASES.copy_into(url, template):
        return
    command.upgrade(alembic_config(url), revision)


def seeded_engine(url: str) -> Engine:
    """An engine on `url` after migrating it to head and loading the seeds (a copy of a
    database that was, when `url` is new and empty from `database_factory`)."""
    if DATABASES is not None and DATABASES.copy_into(url, SEEDED):
        return make_engine(url)
    migrate(url)
    engine = make_engine(url)
    seed(engine)
    return engine


@pytest.fixture(scope="session")
def engine(database_factory) -> Iterator[Engine]:
    engine = seeded_engine(database_factory())
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite(database_factory) -> Iterator[Callable[[], str]]:
    """Makes SQLite files at the head revision (copies of a template, as `migrate` makes them)
    for servers that tests start as processes, on SQLite whichever backend the suite runs on:
    a `kca migrate` of their own costs each a process importing the app and every step."""
    databases = DATABASES if DATABASES is not None and DATABASES.server is None else None
    databases = databases or Databases(None)

    def make() -> str:
        url = databases.new()
        databases.copy_into(url, MIGRATED)
        return url

    yield make
    if databases is not DATABASES:
        databases.drop_all()


@pytest.fixture
def memory_path() -> Iterator[Path]:
    """Like `tmp_path`, in memory (see tests/databases.py): for the SQLite files of servers that
    tests start as separate processes."""
    directory = memory_directory()
    yield directory
    shutil.rmtree(directory)


@pytest.fixture
def fresh_database_url(database_factory) -> str:
    return database_factory()


UNLIMITED = Settings(rate_limit_reads=0, rate_limit_writes=0, rate_limit_auth_failures=0)


def app_for(engine, settings: Settings = UNLIMITED):
    """The application on a test database; rate limits off unless a test sets them."""
    return create_app(engine, settings)


@contextlib.contextmanager
def curator_client(url: str, name: str = "curator") -> Iterator[tuple[OneHopClient, Engine]]:
    """A client carrying a curator token, on a freshly seeded database at `url`."""
    engine = seeded_engine(url)
    with engine.begin() as connection:
        token = create_token(connection, name)
    with OneHopClient(app_for(engine)) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield client, engine
    engine.dispose()


@pytest.fixture(scope="session")
def client(engine) -> Iterator[OneHopClient]:
    with OneHopClient(app_for(engine)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def article_paragraphs() -> list[str]:
    if not ARTICLE.is_file():
        pytest.skip(f"the seed article is not at {ARTICLE}; set KCA_ARTICLE to its path")
    lines = ARTICLE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]
