"""CSV lines written by the database: each row comes back as one text column holding exactly
the line Python's `csv.writer(lineterminator="\\n")` would write for it, with the cells
formatted as `app.export.cells.cell` says. Formatting in SQL runs in C, several times faster
than the csv module over fetched rows.

The rules csv.writer follows (minimal quoting): a cell holding a comma, a double quote or a
newline is quoted, its quotes doubled (a lone carriage return is not quoted); null and the
empty string are both an empty cell, except in a one-column row, which is written `""`.
"""

from sqlalchemy import Boolean, Integer, Select, String, case, cast, func, literal, or_
from sqlalchemy.engine import Dialect

SPECIAL = (",", '"', "\n")


def line_statement(statement: Select, dialect: Dialect) -> Select:
    """The same query (joins, filters, order, limit), selecting one column: the CSV line."""
    cells = [_cell(column, dialect) for column in statement.selected_columns]
    line = cells[0]
    for cell in cells[1:]:
        line = line + literal(",") + cell
    if len(cells) == 1:
        line = case((line == literal(""), literal('""')), else_=line)
    return statement.with_only_columns(line.label("line"), maintain_column_froms=True)


def _cell(column, dialect: Dialect):
    if isinstance(column.type, Boolean):
        return case(
            (column.is_(None), literal("")), (column, literal("true")), else_=literal("false")
        )
    if isinstance(column.type, Integer):
        return func.coalesce(cast(column, String), literal(""))
    if isinstance(column.type, String):
        find = func.instr if dialect.name == "sqlite" else func.strpos
        quoted = literal('"') + func.replace(column, literal('"'), literal('""')) + literal('"')
        needs_quotes = or_(*(find(column, literal(char)) > 0 for char in SPECIAL))
        return case((needs_quotes, quoted), else_=func.coalesce(column, literal("")))
    raise TypeError(
        f"No SQL CSV format for {column.name!r} ({column.type!r}): teach csv_sql how"
        " Python's csv writer writes it."
    )
