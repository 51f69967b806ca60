"""Where a read (app.query.prepared.run) gets its connection, and where it gives it back.

On a SQLite file, reads keep driver connections of their own: each is taken from the engine's
pool once (so its connect listeners have set it up) and detached from it, and reads hand them
on, the most recently used first (its page cache is the warm one). SQLAlchemy's checkout and
return, with its connection proxy, events and reset, cost a read about 25 µs, a sixth of a
by-id answer; popping and pushing a list costs well under one. A read ends its snapshot
itself, with a rollback. Any other engine (PostgreSQL, in-memory SQLite) lends its pool's.
"""

import weakref

from sqlalchemy import event
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.pool import QueuePool


class PoolLender:
    """The engine's pool; on PostgreSQL a connection is read-only while lent."""

    def ready(self, engine: Engine) -> bool:
        """Whether a connection is free now (only a QueuePool makes a checkout wait)."""
        pool = engine.pool
        return not isinstance(pool, QueuePool) or pool.checkedin() > 0

    def take(self, engine: Engine):
        connection = engine.raw_connection()
        dialect = engine.dialect
        if dialect.name == "postgresql":
            try:
                dialect.set_readonly(connection.driver_connection, True)
            except dialect.loaded_dbapi.Error:
                self.give_back(connection, dialect)
                raise
        return connection

    def broken(self, connection, error: Exception, dialect: Dialect) -> bool:
        """After a driver error: whether it lost the connection (which is then invalidated)."""
        lost = dialect.is_disconnect(error, connection.driver_connection, None)
        if lost:
            connection.invalidate(error)
        return lost

    def give_back(self, connection, dialect: Dialect) -> None:
        """Back to the pool, writable again. A connection that breaks while its read-only
        transaction ends is discarded instead: the rows already read still stand, and
        whatever error is on its way out is the one that counts."""
        try:
            if connection.is_valid and dialect.name == "postgresql":
                connection.rollback()
                dialect.set_readonly(connection.driver_connection, False)
        except dialect.loaded_dbapi.Error as error:
            connection.invalidate(error)
        connection.close()  # back to the pool, which rolls the transaction back


class SQLiteFileLender:
    """Driver connections to one SQLite file, kept for reads (see the module's note)."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        """Idle connections kept at most (the pool's size); one more given back is closed."""
        self.idle: list = []  # list.pop and list.append are atomic: no lock

    def ready(self, engine: Engine) -> bool:
        # A new connection comes from the pool, which may make a checkout wait.
        return bool(self.idle) or POOL.ready(engine)

    def take(self, engine: Engine):
        try:
            return self.idle.pop()
        except IndexError:
            pooled = engine.raw_connection()
            connection = pooled.driver_connection
            pooled.detach()
            return connection

    def broken(self, connection, error: Exception, dialect: Dialect) -> bool:
        lost = dialect.is_disconnect(error, connection, None)
        connection.close()  # never lent again: give_back finds it closed
        return lost

    def give_back(self, connection, dialect: Dialect) -> None:
        try:
            connection.rollback()  # ends the read's snapshot
        except dialect.loaded_dbapi.Error:
            connection.close()
            return
        if len(self.idle) < self.keep:
            self.idle.append(connection)
        else:
            connection.close()

    def close_idle(self, _engine=None) -> None:
        """On `engine.dispose()`, as the pool closes its own."""
        while self.idle:
            self.idle.pop().close()


POOL = PoolLender()
_LENDERS: "weakref.WeakKeyDictionary[Engine, PoolLender | SQLiteFileLender]" = (
    weakref.WeakKeyDictionary()
)


def lender(engine: Engine) -> PoolLender | SQLiteFileLender:
    found = _LENDERS.get(engine)
    if found is None:
        pool = engine.pool
        if engine.dialect.name == "sqlite" and isinstance(pool, QueuePool):  # a file
            found = SQLiteFileLender(keep=pool.size())
            event.listen(engine, "engine_disposed", found.close_idle)
        else:
            found = POOL
        _LENDERS[engine] = found
    return found
