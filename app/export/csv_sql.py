"""CSV lines written by the database: each row comes back as one text column holding exactly
the line `app.export.cells.csv_writer` would write for it, with the cells formatted as
`app.export.cells.cell` says. Formatting in SQL runs in the database's C code, so no Python
touches a row (bench/results/NOTES.md has the figures).

The rules that writer follows (minimal quoting): a cell holding a comma, a double quote, a
line feed or a carriage return is quoted, its quotes doubled; null and the empty string are
both an empty cell, except in a one-column row, which is written `""`.

The line is one `format('%s,%s,…', cell, …)` call (SQLite's `printf`), which writes null as an
empty cell and allocates the line once, where a chain of `||` copies it at every cell.
"""

from sqlalchemy import Boolean, Date, Integer, Select, String, case, func, literal, or_
from sqlalchemy.engine import Dialect

SPECIAL = (",", '"', "\n", "\r")


def line_statement(statement: Select, dialect: Dialect) -> Select:
    """The same query (joins, filters, order, limit), selecting one column: the CSV line."""
    cells = [_cell(column, dialect) for column in statement.selected_columns]
    template = literal(",".join(["%s"] * len(cells)), String)
    line = (func.printf if dialect.name == "sqlite" else func.format)(template, *cells)
    if len(cells) == 1:
        line = case((line == literal(""), literal('""')), else_=line)
    return statement.with_only_columns(line.label("line"), maintain_column_froms=True)


def _cell(column, dialect: Dialect):
    if isinstance(column.type, Boolean):
        return case((column, literal("true")), (~column, literal("false")))
    if isinstance(column.type, Integer):
        return column
    if isinstance(column.type, Date):
        # ISO 8601, as str(date) writes it: SQLite stores it so; PostgreSQL's whatever DateStyle.
        return column if dialect.name == "sqlite" else func.to_char(column, literal("YYYY-MM-DD"))
    if isinstance(column.type, String):
        find = func.instr if dialect.name == "sqlite" else func.strpos
        quoted = literal('"') + func.replace(column, literal('"'), literal('""')) + literal('"')
        needs_quotes = or_(*(find(column, literal(char)) > 0 for char in SPECIAL))
        return case((needs_quotes, quoted), else_=column)
    raise TypeError(
        f"No SQL CSV format for {column.name!r} ({column.type!r}): teach csv_sql how"
        " Python's csv writer writes it."
    )
