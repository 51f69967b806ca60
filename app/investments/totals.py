"""`investment_totals`: the money figures' counts and sums for each combination of the columns
every stats dimension is made of, over the latest report of each chain. It changes in the
transaction of every change to the data: rebuilt after a load (`refresh`: `kca seed`, `kca
synth`), and by one figure's share after a curator's write (`apply_change`), so it is never
stale. A stats request that filters only on these columns reads its few thousand rows instead
of every money figure (`totals_statement`). `TOTALS` is the money figures' `summary`."""

from collections.abc import Mapping

from sqlalchemy import (
    BigInteger,
    ColumnClause,
    Connection,
    Integer,
    String,
    TextClause,
    case,
    delete,
    exists,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql import visitors
from sqlalchemy.sql.expression import SelectBase
from sqlalchemy.sql.util import find_tables

from app.citations.reports import known_on
from app.db import Base
from app.investments.models import Investment
from app.query.resource import Resource, Summary
from app.query.stats import SPLIT, exact_sum
from app.vocab import Qualifier, values

DIMENSIONS = ("from_country", "to_country", "kind", "nature", "qualifier", "year_from", "months")
"""The columns the stats dimensions of money figures are made of (resource.groups)."""


class InvestmentTotal(Base):
    __tablename__ = "investment_totals"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_country: Mapped[str | None] = mapped_column(String(2))
    to_country: Mapped[str | None] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(40))
    nature: Mapped[str] = mapped_column(String(20))
    qualifier: Mapped[str] = mapped_column(String(20))
    year_from: Mapped[int | None] = mapped_column(Integer)
    months: Mapped[int | None] = mapped_column(Integer)
    records: Mapped[int] = mapped_column(Integer)
    amount_usd: Mapped[int | None] = mapped_column(BigInteger)
    """The two parts of the sum of amount_usd, as app/query/stats.py `exact_sum` takes them."""
    amount_usd_low: Mapped[int | None] = mapped_column(BigInteger)
    amount_usd_records: Mapped[int] = mapped_column(Integer)
    """How many records have an amount (what `count(amount_usd)` counts)."""
    count: Mapped[int | None] = mapped_column(BigInteger)
    count_low: Mapped[int | None] = mapped_column(BigInteger)
    count_records: Mapped[int] = mapped_column(Integer)


SUMMED = ("amount_usd", "count")


COLUMNS = [
    *DIMENSIONS,
    "records",
    *(f"{n}{part}" for n in SUMMED for part in ("", "_low", "_records")),
]
"""The totals' columns but the id, in the order `grouped` selects them."""


def grouped():
    """The totals as the money figures make them now."""
    table = Investment.__table__
    columns = [table.c[name] for name in DIMENSIONS]
    measures = [func.count()]
    for name in SUMMED:
        measures += [*exact_sum(table.c[name], name), func.count(table.c[name])]
    return select(*columns, *measures).where(known_on(table)).group_by(*columns)


def refresh(connection: Connection) -> None:
    """Rebuild the totals from the money figures, in the caller's transaction."""
    connection.execute(delete(InvestmentTotal))
    connection.execute(insert(InvestmentTotal).from_select(COLUMNS, grouped()))


def apply_change(connection: Connection, before: Mapping | None, after: Mapping | None) -> None:
    """Bring the totals in step with one money figure's write (`before` and `after` are its
    stored columns, None where it did not or does not exist), in the write's transaction."""
    table = Investment.__table__
    key = (after or before)["id"]
    # Only the latest report of a chain counts; a write leaves the other rows as they were, so
    # whether one supersedes this figure was the same before it.
    latest = not connection.execute(select(exists().where(table.c.supersedes_id == key))).scalar()
    if before is not None and latest:
        _count_in(connection, before, -1)
    if after is not None and latest:
        _count_in(connection, after, 1)
    superseded = before and before["supersedes_id"], after and after["supersedes_id"]
    if superseded[0] == superseded[1]:
        return
    # The figure it superseded counts again, the one it supersedes now no longer does.
    for predecessor, sign in zip(superseded, (1, -1), strict=True):
        if predecessor is not None:
            row = connection.execute(select(table).where(table.c.id == predecessor)).first()
            if row is not None:
                _count_in(connection, row._mapping, sign)


def _count_in(connection: Connection, figure: Mapping, sign: int) -> None:
    """Add (sign 1) or take away (sign -1) one money figure's share of its group's totals."""
    totals = InvestmentTotal.__table__
    group = [totals.c[name].is_not_distinct_from(figure[name]) for name in DIMENSIONS]
    share: dict = {"records": sign}
    added = {"records": totals.c.records + sign}
    for name in SUMMED:
        value, low, counted = figure[name], f"{name}_low", f"{name}_records"
        share[name] = None if value is None else sign * (value // SPLIT)
        share[low] = None if value is None else sign * (value % SPLIT)
        share[counted] = 0 if value is None else sign
        if value is not None:
            added[name] = func.coalesce(totals.c[name], 0) + share[name]
            added[low] = func.coalesce(totals.c[low], 0) + share[low]
            added[counted] = totals.c[counted] + sign
    if connection.execute(update(totals).where(*group).values(added)).rowcount == 0:
        connection.execute(insert(totals).values(**{n: figure[n] for n in DIMENSIONS}, **share))
    connection.execute(delete(totals).where(*group, totals.c.records == 0))
    for name in SUMMED:  # a sum over no values is empty, as SQL's sum() gives it
        unsummed = totals.c[f"{name}_records"] == 0
        connection.execute(
            update(totals).where(*group, unsummed).values({name: None, f"{name}_low": None})
        )


def totals_statement(resource: Resource, dimensions: list[str], summed: str | None, conditions=()):
    """The statement app/query/stats.py builds, over the totals: the same labels, groups and
    order, so its rows are the same. `conditions`: the request's filters over the figures,
    answered over the totals where each holds for all of a total's figures or for none (else
    None)."""
    totals = InvestmentTotal.__table__
    outer = {table.name for table in find_tables(resource.from_clause, include_aliases=True)}
    if not all(_holds_per_total(condition, outer) for condition in conditions):
        return None

    def on_totals(expression):
        def swap(element):
            if getattr(element, "table", None) is Investment.__table__:
                return totals.c[element.name]
            return None

        return visitors.replacement_traverse(expression, {}, swap)

    groups = {name: on_totals(resource.groups[name]) for name in dimensions}
    measures = [func.sum(totals.c.records).label("count")]
    if summed is not None:
        measures += [
            func.sum(totals.c[summed]).label(f"sum_{summed}"),
            func.sum(totals.c[f"{summed}_low"]).label(f"sum_{summed}_low"),
            func.sum(totals.c[f"{summed}_records"]).label("summed_records"),
            *(
                func.sum(case((totals.c.qualifier == value, totals.c.records), else_=0)).label(
                    f"_q_{value}"
                )
                for value in values(Qualifier)
            ),
        ]
    ordering = [
        part
        for expression in groups.values()
        for part in (case((expression.is_(None), 1), else_=0), expression)
    ]
    return (
        select(*(expression.label(name) for name, expression in groups.items()), *measures)
        .where(*map(on_totals, conditions))
        .group_by(*groups.values())
        .order_by(*ordering)
    )


def _holds_per_total(condition, outer: set[str]) -> bool:
    """Whether `condition` holds for all of a total's figures or for none: of the tables the
    statement reads (`outer`, by name) it reads only the figures' DIMENSIONS. A subquery over
    other tables (the lookup of a country's spelling) is one value for every figure."""
    figures = Investment.__table__
    for element in visitors.iterate(condition):
        if isinstance(element, TextClause):
            return False
        if isinstance(element, SelectBase) and any(
            getattr(inner, "table", None) is figures for inner in visitors.iterate(element)
        ):
            return False
        if isinstance(element, ColumnClause):
            table = getattr(element.table, "name", None)
            if table is None or (
                table in outer and not (element.table is figures and element.name in DIMENSIONS)
            ):
                return False
    return True


TOTALS = Summary(refresh=refresh, apply_change=apply_change, statement=totals_statement)
