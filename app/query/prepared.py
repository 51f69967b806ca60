"""Statements compiled once and run on the driver's own cursor.

SQLAlchemy builds the statement (so it is the SQL SQLAlchemy itself would issue), with request
values left as named bind parameters (`kca_*`); `Prepared` keeps the compiled string, the order
of its parameters and the type conversions SQLAlchemy would apply on the way in and out. A
request then costs a parameter list and `cursor.execute`, not a statement build, a cache-key
walk and an ORM execution context.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import DBAPIError

from app.compat import bind_parameters, cursor_listeners, parameter_order
from app.query.connections import lender

REQUEST = "kca_"
"""Prefix of the bind parameters whose values each request supplies."""


class Prepared:
    def __init__(self, statement, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("statements rendered per execution cannot be prepared")
        self.dialect = dialect
        self.sql = compiled.string
        self.order = parameter_order(compiled)
        self.fixed: dict[str, Any] = {}
        self.converters: dict[str, Callable] = {}
        for name, bind in bind_parameters(compiled).items():
            convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if name.startswith(REQUEST):
                if convert is not None:
                    self.converters[name] = convert
            else:
                value = bind.effective_value
                self.fixed[name] = convert(value) if convert is not None else value
        self.types = [column.type for column in statement.selected_columns]
        self.readers: list[tuple[int, Callable]] | None = None

    def parameters(self, values: dict[str, Any]):
        """Driver parameters for the request's `values` (names without the prefix)."""
        named = dict(self.fixed)
        for name, value in values.items():
            key = REQUEST + name
            convert = self.converters.get(key)
            named[key] = value if value is None or convert is None else convert(value)
        if self.order is None:
            return named
        return tuple(named[name] for name in self.order)

    def rows(self, reader: "Reader", values: dict[str, Any]) -> list:
        """Every row of the statement for `values`, converted as SQLAlchemy would."""
        cursor = reader.execute(self.sql, self.parameters(values))
        rows = cursor.fetchall()
        if self.readers is None:
            self.readers = self._readers(cursor.description)
        if not self.readers:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for index, read in self.readers:
                if row[index] is not None:
                    row[index] = read(row[index])
            converted.append(row)
        return converted

    def _readers(self, description) -> list[tuple[int, Callable]]:
        readers = []
        for index, (kind, column) in enumerate(zip(self.types, description, strict=True)):
            read = kind.dialect_impl(self.dialect).result_processor(self.dialect, column[1])
            if read is not None:
                readers.append((index, read))
        return readers


class Reader:
    """A pooled connection's cursor. The engine's `before_cursor_execute` listeners see every
    statement, as they see SQLAlchemy's own (tests and bench/capture.py read them); their
    return values are not used."""

    def __init__(self, engine: Engine, cursor) -> None:
        self.listeners = cursor_listeners(engine)
        self.cursor = cursor
        self.dialect = engine.dialect

    def execute(self, sql: str, parameters):
        for listener in self.listeners:
            listener(None, self.cursor, sql, parameters, None, False)
        self.cursor.execute(sql, parameters)
        return self.cursor


def run(engine: Engine, work: Callable[[Reader], Any]) -> Any:
    """`work(reader)` on a connection lent for reads (app.query.connections), in one
    read-only transaction (one snapshot for every statement it runs). Driver errors become
    SQLAlchemy's, so the problem handlers answer them as they answer SQLAlchemy's own."""
    dialect = engine.dialect
    connections = lender(engine)
    try:
        connection = connections.take(engine)
    except dialect.loaded_dbapi.Error as error:  # the database is unreachable
        raise _translated(error, dialect, invalidated=False) from error
    try:
        cursor = connection.cursor()
        if dialect.name == "sqlite":
            cursor.execute("BEGIN")  # autocommit driver (see app.db): open the snapshot
        try:
            return work(Reader(engine, cursor))
        finally:
            cursor.close()
    except dialect.loaded_dbapi.Error as error:
        invalidated = connections.broken(connection, error, dialect)
        raise _translated(error, dialect, invalidated) from error
    finally:
        connections.give_back(connection, dialect)


def _translated(error: Exception, dialect: Dialect, invalidated: bool) -> DBAPIError:
    return DBAPIError.instance(
        None,
        None,
        error,
        dialect.loaded_dbapi.Error,
        connection_invalidated=invalidated,
        dialect=dialect,
    )
