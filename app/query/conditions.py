"""A request's filters as WHERE clauses over bind parameters.

The SQL of a filtered statement depends only on the query's *shape*: which filters are set, how
many values an `__in` filter has, whether an `is_null` filter asks for null. Their values are
bound. So one compiled statement (app.query.prepared) serves every request of a shape, and
lists, stats and exports build their conditions here, the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, bindparam

from app.citations.reports import KnownOn, is_reported, known_on
from app.query.filters import FilterSet, IsNull
from app.query.prepared import REQUEST
from app.query.resource import Resource
from app.search.index import match_query, matching_keys, search_condition


@dataclass(frozen=True)
class Bound:
    shape: tuple
    """What of the request decides the SQL: a plan is compiled once per shape."""
    values: dict[str, Any]
    """Bind values by parameter name (without the REQUEST prefix)."""
    conditions: Callable[[], list]
    """The WHERE clauses, over bind parameters named as `values` (built when compiling)."""
    filters: Callable[[], list]
    """Those of the filters alone, without `q`'s and the reports' default (what a resource's
    summary may answer, app.query.resource.Summary)."""
    unsearched: Callable[[], list]
    """Every clause of `conditions` but `q`'s."""
    matches: Callable[[], Any] | None = None
    """With `q` (on a resource without its own search_match): the matching keys, a SELECT of
    one column `record_key` (app.search.index.matching_keys), which a list's page and count
    share (app.query.lists)."""


def bound_filters(resource: Resource, params: FilterSet, dialect_name: str) -> Bound:
    """The conditions of every filter `params` sets, `q` and the reports' default (the latest
    of each chain, unless `as_of` chooses a day), with their values to bind."""
    shape: list = []
    values: dict[str, Any] = {}
    makers: list[Callable[[], Any]] = []
    for i, (alias, flt, value) in enumerate(sorted(params.active_filters(), key=_by_alias)):
        if isinstance(flt, IsNull) or (isinstance(flt, KnownOn) and value == "all"):
            shape.append((alias, value))  # the value changes the SQL itself
            makers.append(lambda flt=flt, value=value: flt.clause(value))
        elif isinstance(value, tuple):
            names = [f"f{i}_{j}" for j in range(len(value))]
            shape.append((alias, len(value)))
            values.update(zip(names, map(flt.bound, value), strict=True))
            makers.append(lambda flt=flt, names=names: flt.clause(tuple(map(_bind, names))))
        else:
            shape.append((alias,))
            values[f"f{i}"] = flt.bound(value)
            makers.append(lambda flt=flt, name=f"f{i}": flt.clause(_bind(name)))
    filters = list(makers)
    if is_reported(resource.table) and getattr(params, "as_of", None) is None:
        makers.append(lambda: known_on(resource.table))
    unsearched = list(makers)
    matches = None
    q = getattr(params, "q", None)
    if q is not None:
        shape.append(("q",))
        values["q"] = match_query(dialect_name, q)
        query = bindparam(f"{REQUEST}q", type_=String)
        makers.append(lambda: search_condition(resource, dialect_name, query))
        if resource.search_match is None:
            matches = lambda: matching_keys(resource, dialect_name, query)  # noqa: E731
    return Bound(
        tuple(shape),
        values,
        conditions=lambda: [make() for make in makers],
        filters=lambda: [make() for make in filters],
        unsearched=lambda: [make() for make in unsearched],
        matches=matches,
    )


def _by_alias(active: tuple) -> str:
    return active[0]


def _bind(name: str):
    return bindparam(f"{REQUEST}{name}")
