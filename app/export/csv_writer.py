"""The one CSV writer: how a value is written in a cell and a row as a line, for every CSV the API
writes (lists, stats, search, the data package, `kca export-seeds`).

Python's csv module, as `written` uses it, is the definition, and `line_statement` has the
database write the same line from the same quoting characters and words (tests/export compare
the two on awkward values), because at a million rows only SQL-side formatting keeps a stream
free of per-row Python. A statement with a column type the SQL form does not know is refused
with a TypeError, and its rows go through `written`.

The rules (minimal quoting): a cell holding the delimiter, the quote or a line-end character
is quoted, its quotes doubled; null and the empty string are both an empty cell, except in a
one-column row, which is written `""`; rows end in "\\n".
"""

import csv
import functools
from collections.abc import Iterable, Iterator
from datetime import datetime

import orjson
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Integer,
    Select,
    String,
    Text,
    case,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression, Label
from sqlalchemy.sql.selectable import ScalarSelect

from app.vocab import words_of

DELIMITER = ","
QUOTE = '"'
CSV_LINE_END = "\r\n"
"""What the csv module ends a row with, and so quotes a lone carriage return for; each row is
then written ending in "\\n" instead (with a "\\n" terminator it would leave a lone CR bare, and
a reader would end the row there)."""
QUOTED_WHEN_HOLDING = (DELIMITER, QUOTE, *CSV_LINE_END)
TRUE, FALSE = "true", "false"


def cell(value):
    """Empty for null, `true`/`false` for booleans, timestamps and JSON documents as the JSON
    answers write them, the value itself otherwise."""
    if value is None:
        return ""
    if value is True:
        return TRUE
    if value is False:
        return FALSE
    if isinstance(value, datetime):  # SQLite returns UTC timestamps without their zone
        return orjson.dumps(value, option=orjson.OPT_NAIVE_UTC).decode().strip('"')
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return value


def written(rows: Iterable) -> str:
    """The lines of `rows` (sequences of values), each cell as `cell` writes it."""
    lines: list[str] = []
    writer = csv.writer(
        _RowsEndingInNewline(lines.append),
        delimiter=DELIMITER,
        quotechar=QUOTE,
        lineterminator=CSV_LINE_END,
    )
    writer.writerows([[cell(value) for value in row] for row in rows])
    return "".join(lines)


def header(names: list[str]) -> bytes:
    return written([names]).encode()


def lines(names: list[str], batches: Iterable) -> Iterator[bytes]:
    """The header, then each batch of rows written in Python: for rows the database cannot
    write (`line_statement`) and small answers already in memory."""
    yield header(names)
    for batch in batches:
        if batch:
            yield written(batch).encode()


class _RowsEndingInNewline:
    """The file csv.writer writes to: each write is one row ending in CSV_LINE_END."""

    def __init__(self, append) -> None:
        self._append = append

    def write(self, row: str) -> None:
        self._append(row[: -len(CSV_LINE_END)] + "\n")


def line_statement(statement: Select, dialect: Dialect) -> Select:
    """The same query (joins, filters, order, limit), selecting one column: the line `written`
    would write for the row, without its "\\n". It is one `format('%s,%s,…', cell, …)` call
    (SQLite's `printf`), which writes null as an empty cell and allocates the line once, where
    a chain of `||` copies it at every cell.

    Each text cell is searched for the four quoting characters, one function call each per
    row, unless the row's text columns hold no quote and no line end: then each is searched
    for the delimiter alone. One call tells: their JSON array, which escapes exactly those
    (and backslashes and other control characters, which only send a row the long way)."""
    columns = statement.selected_columns
    cells = [_sql_cell(column, dialect.name) for column in columns]
    line = _line(cells, dialect.name)
    texts = [column for column in columns if _searched_column(column)]
    if texts:
        # Only searched cells differ between the lines; every other one (a lookup's CTE, whose
        # name must stand for one object in the statement) is the same object in both.
        short = [
            _sql_cell(column, dialect.name, quote_free=True) if _searched_column(column) else cell
            for column, cell in zip(columns, cells, strict=True)
        ]
        line = case((_escapes_nothing(texts, dialect.name), _line(short, dialect.name)), else_=line)
    if len(columns) == 1:
        line = case((line == literal(""), literal(QUOTE * 2)), else_=line)
    return statement.with_only_columns(line.label("line"), maintain_column_froms=True)


def _line(cells: list, dialect: str):
    template = literal(DELIMITER.join(["%s"] * len(cells)), String)
    return (func.printf if dialect == "sqlite" else func.format)(template, *cells)


def _escapes_nothing(texts: list, dialect: str):
    """True when the JSON array of `texts` holds no backslash."""
    if dialect == "sqlite":
        array = func.json_array(*texts)
    else:
        array = cast(func.json_build_array(*texts), Text)
    return ~_holds(array, "\\", dialect)


def _holds(text, char: str, dialect: str):
    """True when `text` holds `char`. SQLite's LIKE '%c%' finds it with strcspn, where instr
    compares at every byte; PostgreSQL's LIKE would read a backslash as its escape."""
    if dialect == "sqlite":
        return text.like(literal(f"%{char}%"))
    return func.strpos(text, literal(char)) > 0


def _searched_column(column) -> bool:
    """A table's text column written by searching it: its JSON text is its escaped value (an
    expression's could be a JSON document SQLite's json_array copies as it is)."""
    value = column.element if isinstance(column, Label) else column
    return isinstance(value, Column) and isinstance(value.type, String) and not _never_quoted(value)


@functools.lru_cache(maxsize=4096)
def _sql_cell(column, dialect: str, quote_free: bool = False):
    """Cached: a table's columns (exports, the data package) are the same objects every time,
    and building these expressions costs more than a seed-size table takes to write.
    `quote_free`: the row's searched columns (`_searched_column`) hold no quote or line end."""
    value = column.element if isinstance(column, Label) else column
    if isinstance(value, ScalarSelect) and len(value.element.selected_columns) == 1:
        return _looked_up_cell(column, dialect)
    if isinstance(column.type, Boolean):
        return case((column, literal(TRUE)), (~column, literal(FALSE)))
    if isinstance(column.type, Integer):
        return column
    if isinstance(column.type, Date):
        # ISO 8601, as str(date) writes it: SQLite stores it so; PostgreSQL's whatever DateStyle.
        return column if dialect == "sqlite" else func.to_char(column, literal("YYYY-MM-DD"))
    if isinstance(column.type, String) and _never_quoted(value):
        return column
    if isinstance(column.type, String):
        if quote_free and _searched_column(column):
            held, inner = (DELIMITER,), column  # no quote to double
        else:
            held = QUOTED_WHEN_HOLDING
            inner = func.replace(column, literal(QUOTE), literal(QUOTE * 2))
        quoted = literal(QUOTE) + inner + literal(QUOTE)
        needs_quotes = or_(*(_holds(column, char, dialect) for char in held))
        # A null is written as it is, before its searches: many optional text columns are
        # mostly null, and each search is a function call per row.
        return case((column.is_not(None) & needs_quotes, quoted), else_=column)
    raise TypeError(
        f"No SQL CSV format for {column.name!r} ({column.type!r}): teach"
        " app/export/csv_writer.py how `written` writes it."
    )


@functools.lru_cache(maxsize=1024)
def _looked_up_cell(column, dialect: str):
    """A correlated lookup's cell (a country's name beside its code). A labelled lookup by key
    (`own column == exported row's value`) reads its cell from a CTE that quotes each
    looked-up row once, where every exported row would run the searches again; any other is
    quoted inside its subquery, which so runs once a row where each mention would run it
    again. Cached for its build cost only: two threads may each build one, so a statement must
    take its CTE from one call (`line_statement` does)."""
    value = column.element if isinstance(column, Label) else column
    lookup = value.element
    cell = _sql_cell(lookup.selected_columns[0], dialect)
    key = lookup.whereclause
    if not (isinstance(column, Label) and _by_key(lookup, key)):
        return lookup.with_only_columns(cell).scalar_subquery()
    outer = select(key.right).get_final_froms()
    cells = (
        select(key.left.label("key"), cell.label("cell"))
        .select_from(*(table for table in lookup.get_final_froms() if table not in outer))
        .cte(f"{column.name}_cells")
        .prefix_with("MATERIALIZED")  # else SQLite folds it back into the per-row subquery
    )
    return select(cells.c.cell).where(cells.c.key == key.right).scalar_subquery()


def _by_key(lookup, key) -> bool:
    """`key` is `a column of the lookup's own == a value of the exported row`."""
    if not (isinstance(key, BinaryExpression) and key.operator is operators.eq):
        return False
    own = set(lookup.columns_clause_froms)
    inner, outer = (set(select(side).get_final_froms()) for side in (key.left, key.right))
    return bool(inner) and inner <= own and not outer & own


def _never_quoted(column) -> bool:
    """A column its CHECK constraint keeps to a vocabulary of words holding no quoting
    character: its cells skip the four searches a free-text cell costs per row."""
    words = words_of(column)
    return words is not None and not any(c in word for word in words for c in QUOTED_WHEN_HOLDING)
