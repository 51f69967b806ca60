"""How a resource describes itself to the shared query layer.

A `Resource` says which SQL expression feeds each output field (dotted names nest:
`citation.source.title`), what to join, its key and default order, how its records are stored
and titled, which other resources it relates to (by name, resolved by app/query/registry.py into
what `include=` embeds), and what stats may group by or sum. Every list, record, export, stats,
search and write answer is built from this one description.
"""

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, FromClause

from app.errors import ProblemError, invalid_parameter, not_found
from app.query.names import closest, split_names


@dataclass(eq=False)
class Include:
    """A related record (or list of records) embedded under `name` when asked for."""

    local: Any
    """Column of this resource whose value finds the related rows."""
    target: "Resource"
    remote: tuple
    """Columns of the target matched against `local` (any of them, for either-side links)."""
    many: bool
    description: str


@dataclass(frozen=True)
class Relation:
    """A related resource named by its plural; the registry resolves it to an `Include`."""

    target: str
    via: tuple
    """One record: this resource's column holding the target's key. Many: the target's
    column(s) holding this resource's key (any of them, for either-side links)."""
    many: bool
    description: str


def one(target: str, via, description: str) -> Relation:
    return Relation(target, (via,), False, description)


def many(target: str, via, description: str) -> Relation:
    return Relation(target, via if isinstance(via, tuple) else (via,), True, description)


@dataclass(frozen=True)
class Additions:
    """Fields a `/{key}` answer adds to the record, read with one further statement."""

    statement: Callable[["Resource", Any], Any]
    """`(resource, key) -> statement`; `key` is a value or a bind parameter (prepared once)."""
    fields: Callable[[Iterable], dict[str, Any]]
    """The statement's rows → the fields to add."""

    def read(self, connection, resource: "Resource", key: Any) -> dict[str, Any]:
        """The fields for one record, read on a SQLAlchemy connection or session."""
        return self.fields(connection.execute(self.statement(resource, key)))


@dataclass(frozen=True)
class Summary:
    """Counts and sums a resource keeps per combination of some of its columns, in step with
    every write (in the write's transaction), so that a stats request it can answer reads its
    few rows instead of every record. It counts what a request without `q` or `as_of` reads."""

    refresh: Callable[[Any], None]
    """`(connection)`: rebuilt from the records, after a load."""
    apply_change: Callable[[Any, Mapping | None, Mapping | None], None]
    """`(connection, before, after)`: in step with one record's write (its stored columns,
    None where it did not or does not exist)."""
    statement: Callable[["Resource", list[str], str | None, list], Any]
    """`(resource, dimensions, summed field, filter conditions) -> the stats statement over
    the summary` (the same columns and rows as app.query.stats builds over the records), or
    None where a condition reads what the summary does not keep apart."""


@dataclass(eq=False)
class Resource:
    name: str
    """Singular noun for messages ("visit")."""
    plural: str
    """URL segment, and the record type in search results and the timeline."""
    description: str
    """One or two sentences for the docs page."""
    from_clause: FromClause
    """The FROM clause: the table, with the joins the fields need."""
    fields: dict[str, Any]
    """Output field (dotted for nesting) → SQL expression, in output order."""
    key: Any
    """The primary-key column: what `/{id}` matches and the last tie-breaker of every order."""
    item_schema: type[BaseModel]
    """One record as lists, exports and search show it; documents the answer and types the
    filter grammar."""
    filters: type[BaseModel]
    """The friendly filters (a FilterSet); the grammar and common parameters are added to it."""
    key_param: Any
    """Annotated type of the `/{key_name}` path parameter."""
    key_name: str = "id"
    row_schema: type[BaseModel] | None = None
    """The stored columns as seed files and write bodies give them (registered resources)."""
    title: Callable[[dict, dict[str, str]], str] | None = None
    """`(record, country names) -> str`: the one-line title of search hits and the timeline."""
    relations: dict[str, Relation] = field(default_factory=dict)
    """What `include=` may embed, by name, in the order the docs list it."""
    order: tuple[tuple[Any, bool], ...] = ()
    """Default sort as (column, descending) pairs, before the key."""
    includes: dict[str, Include] = field(default_factory=dict)
    """The relations resolved by the registry."""
    referrers: tuple = ()
    """(resource, column) pairs, set by the registry: the registered records pointing at this
    one."""
    groups: dict[str, Any] = field(default_factory=dict)
    """Dimensions `group_by=` and `facet=` accept, name → SQL expression."""
    sums: dict[str, Any] = field(default_factory=dict)
    """Numeric fields `metric=sum:<name>` accepts."""
    qualifier: Any = None
    """Column saying whether an amount is exact, a floor, an estimate or a ceiling."""
    summary: Summary | None = None
    """Maintained totals that answer the stats requests they can (app/investments/totals.py)."""
    sums_apart_by: str | None = None
    """A dimension whose values are unlike things (a stock and a flow): a sum is answered only
    grouped by it or filtered to one of its values."""
    record_additions: Additions | None = None
    """Fields a `/{id}` answer adds (a source's citing records)."""
    extended_record_schema: Any = None
    """The `/{id}` answer's schema when `record_additions` adds fields to `item_schema`."""

    @property
    def record_schema(self) -> type[BaseModel]:
        """The schema of a `/{id}` answer."""
        return self.extended_record_schema or self.item_schema

    localized: Callable[[str], dict[str, Any]] | None = None
    """`lang -> {field: expression}`: the fields whose value depends on the display language
    (a country's name); a resource with them takes `lang` and `Accept-Language`."""
    languages: tuple[str, ...] = ()
    """The display languages `localized` knows, the default (the records' own) first."""
    search_match: Any = None
    """`(dialect, q) -> condition` for `q=`; by default the resource's own search documents."""
    label: Callable[[Any, str | None], Any] | None = None
    """`(key column of another table, lang) -> expression`: the name a record referring to this
    one shows beside its key (a country's name beside `from_country`)."""
    directory: Any = None
    """The Directory of every spelling that names a record (app.query.filters), if there is
    one: a key that names nothing is answered with the record it spells."""
    labels: dict[str, tuple[Any, "Resource"]] = field(default_factory=dict)
    """Set by the registry: output field → (key column, labelled resource) for each key to a
    resource with a `label` (`from_country_name`). Shown only: no filter, sort or facet."""

    @property
    def table(self):
        return self.key.expression.table

    def missing(self, connection, key: Any, under: str = "") -> ProblemError:
        """The 404 for a key that names no record: with the URL of the record the key spells
        or nearly spells (`/v1/countries/uz` for `Uzbekistan`), where the resource has a
        Directory. `under`: what the URL continues with (`/profile`)."""
        problem = not_found(self.name, key)
        if self.directory is not None and isinstance(key, str):
            target = self.directory.nearest(connection, key)
            if target is not None:
                url = f"/v1/{self.plural}/{self.directory.in_url(target)}{under}"
                problem.detail += f" Did you mean {url}?"
        return problem

    def projection(self, selected: str | None) -> "Projection":
        """The output fields `fields=` selects (all when empty), in the resource's order."""
        if selected is None:
            return Projection(tuple(self.fields))
        names = split_names(selected, "fields")
        chosen: set[str] = set()
        for name in names:
            matches = {f for f in self.fields if f == name or f.startswith(name + ".")}
            if not matches:
                raise invalid_parameter(
                    "fields", f"Unknown field '{name}'.{closest(name, self.field_names())}"
                )
            chosen |= matches
        return Projection(tuple(f for f in self.fields if f in chosen))

    def field_names(self) -> list[str]:
        """Every name `fields=` accepts: top-level fields, groups and dotted leaves."""
        names: list[str] = []
        for dotted in self.fields:
            parts = dotted.split(".")
            for depth in range(1, len(parts) + 1):
                name = ".".join(parts[:depth])
                if name not in names:
                    names.append(name)
        return names


@dataclass(frozen=True)
class Projection:
    names: tuple[str, ...]

    @property
    def paths(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(name.split(".")) for name in self.names)

    def shaper(self):
        """A function turning a row (projected columns first) into a nested dict."""
        return _shaper(self.names)


@functools.lru_cache(maxsize=512)
def _shaper(names: tuple[str, ...]):
    """Generated once per projection as a single dict display (`{'id': row[0], 'citation':
    {'paragraph': row[1], ...}}`), so a row costs no loop over its fields. The source holds
    only the resource's own field names, quoted by repr."""
    tree: dict[str, Any] = {}
    for index, path in enumerate(Projection(names).paths):
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = index
    return eval(f"lambda row: {_display(tree)}")  # noqa: S307


def _display(node: dict[str, Any]) -> str:
    items = (
        f"{name!r}: {_display(value) if isinstance(value, dict) else f'row[{value}]'}"
        for name, value in node.items()
    )
    return "{" + ", ".join(items) + "}"


def expressions(
    resource: Resource, projection: Projection, lang: str | None = None
) -> list[ColumnElement]:
    """The projected fields' expressions, those that depend on it in display language `lang`."""
    fields = resource.fields
    if lang is not None:
        fields = {
            **fields,
            **(resource.localized(lang) if resource.localized is not None else {}),
            **{name: target.label(key, lang) for name, (key, target) in resource.labels.items()},
        }
    return [fields[name].label(name) for name in projection.names]
