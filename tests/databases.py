"""The test session's databases: empty ones on demand, on SQLite or on a PostgreSQL server, and
copies of a migrated or seeded template for a test that would otherwise run every migration
(or the seed) on a new database of its own. Each test process builds its templates once, with
Alembic and the seed, the first time a test needs one; a copy is a file copy on SQLite and
CREATE DATABASE ... TEMPLATE on PostgreSQL. Everything is dropped when the session ends.
A template at an earlier revision is a copy of the one before it, upgraded one step: the
upgrade tests start from every revision, and would otherwise run the steps below each again.

SQLite files live in memory (/dev/shm) where the system has it: every commit waits for the disk
to sync the file, which on a busy shared disk took most of the suite's time."""

import shutil
import sqlite3
import tempfile
import uuid
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, make_url, text

from app.db import make_engine
from app.health import alembic_config
from app.seeding import seed

MIGRATED, SEEDED = "migrated", "seeded"
IN_MEMORY = Path("/dev/shm")


class Databases:
    def __init__(self, server: str | None) -> None:
        """`server`: a PostgreSQL server URL, or None for SQLite files."""
        self.server = server
        self.directory = memory_directory() if server is None else None
        self.created: list[str] = []
        self.untouched: set[str] = set()
        self.templates: dict[str, str] = {}

    def new(self) -> str:
        """The URL of a new, empty database."""
        if self.server is None:
            url = f"sqlite:///{self.directory / uuid.uuid4().hex[:10]}.db"
        else:
            base = make_url(self.server)
            name = f"{base.database or 'kca'}_{uuid.uuid4().hex[:10]}"
            self._admin(f'CREATE DATABASE "{name}"')
            self.created.append(name)
            url = base.set(database=name).render_as_string(hide_password=False)
        self.untouched.add(url)
        return url

    def copy_into(self, url: str, kind: str) -> bool:
        """Makes the database at `url` a copy of the `kind` template (MIGRATED: at the head
        revision; SEEDED: also seeded; else a revision: migrated to it) when it is one of
        `new`'s that nothing has written to yet; False, changing nothing, otherwise."""
        if url not in self.untouched:
            return False
        self.untouched.discard(url)
        if not self._empty(url):
            return False
        template = self._template(kind)
        if self.server is None:
            source, target = sqlite3.connect(_path(template)), sqlite3.connect(_path(url))
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        else:
            name, template_name = make_url(url).database, make_url(template).database
            self._admin(f'DROP DATABASE "{name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
        return True

    def _template(self, kind: str) -> str:
        if kind not in self.templates:
            url = self.new()
            if kind == MIGRATED:
                command.upgrade(alembic_config(url), "head")
            elif kind != SEEDED:
                earlier = _down_revision(kind)
                if earlier is not None:
                    self.copy_into(url, earlier)
                command.upgrade(alembic_config(url), kind)
            else:
                self.copy_into(url, MIGRATED)
                engine = make_engine(url)
                seed(engine)
                engine.dispose()
            self.untouched.discard(url)
            self.templates[kind] = url
        return self.templates[kind]

    def _empty(self, url: str) -> bool:
        if self.server is None:
            path = _path(url)
            return not path.exists() or path.stat().st_size == 0
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                tables = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                return connection.execute(text(tables)).scalar_one() == 0
        finally:
            engine.dispose()

    def drop_all(self) -> None:
        if self.directory is not None:
            shutil.rmtree(self.directory)
        for name in self.created:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        engine = create_engine(
            make_url(self.server).set(database="postgres"), isolation_level="AUTOCOMMIT"
        )
        try:
            with engine.connect() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()


def _down_revision(revision: str) -> str | None:
    """The revision `revision` upgrades from (None for the first)."""
    down = ScriptDirectory.from_config(alembic_config()).get_revision(revision).down_revision
    assert not isinstance(down, tuple), f"{revision} merges branches"
    return down


def memory_directory() -> Path:
    """A new directory in memory where the system has one, else in the temporary directory."""
    memory = IN_MEMORY if IN_MEMORY.is_dir() else None
    return Path(tempfile.mkdtemp(prefix="kca-tests-", dir=memory))


def _path(sqlite_url: str) -> Path:
    return Path(make_url(sqlite_url).database)
