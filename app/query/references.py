"""Whether a filter's values name existing records: which a matching row proves, and the
others looked up with a prepared statement."""

from sqlalchemy import bindparam, select

from app.query.filters import Compare, EitherEquals, Equals
from app.query.listing import check_filter_references
from app.query.prepared import REQUEST, Prepared


def proven_by_a_match(active) -> bool:
    """Whether a row matching every filter shows that each record a filter value names exists
    (a foreign key equals the value): only a single-valued equality does; several values, or a
    comparison such as `__ne`, are looked up whatever the rows. `active`: (parameter, filter,
    value) of the filters set."""
    return all(_proven(flt, value) for _, flt, value in active)


def _proven(flt, value) -> bool:
    if flt.references is None:
        return True
    if isinstance(value, tuple):
        return False
    return isinstance(flt, Equals | EitherEquals) or (isinstance(flt, Compare) and flt.op == "eq")


def existing_values(plans, reader, column, values: set | None) -> set:
    dialect = reader.dialect
    if values is None:  # every value, to name the nearest (an error answer: not prepared)
        return {row[0] for row in Prepared(select(column), dialect).rows(reader, {})}
    lookup = plans.get(
        ("references", column.key, column.table.name),
        lambda: Prepared(select(column).where(column == bindparam(f"{REQUEST}value")), dialect),
    )
    return {value for value in values if lookup.rows(reader, {"value": value})}


def check_references(plans, reader, active) -> None:
    """A 400 for the first filter value in `active` that names no record, looked up with the
    executor's prepared statements (`plans`)."""
    check_filter_references(
        active, lambda column, values: existing_values(plans, reader, column, values)
    )
