"""Which of a filter's values name existing records, looked up with a prepared statement."""

from sqlalchemy import bindparam, select

from app.query.prepared import REQUEST, Prepared


def existing_values(plans, reader, column, values: set | None) -> set:
    dialect = reader.dialect
    if values is None:  # every value, to name the nearest (an error answer: not prepared)
        return {row[0] for row in Prepared(select(column), dialect).rows(reader, {})}
    lookup = plans.get(
        ("references", column.key, column.table.name),
        lambda: Prepared(select(column).where(column == bindparam(f"{REQUEST}value")), dialect),
    )
    return {value for value in values if lookup.rows(reader, {"value": value})}
