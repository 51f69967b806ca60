"""The hot path: plain lists answered from prepared statements, without FastAPI's dependency
solving and the ORM machinery. (Records have one executor of their own, app.query.records,
built on the same prepared statements and caches.)

A list route's `shortcut` (app.query.routing) takes a GET that wants JSON and whose query
parameters are all ones it serves, each given once: filters that compare one value, `q`,
`limit`, `cursor`, `count` (auto or none), `fields` and `sort`; `lang` (or Accept-Language),
where names come in several languages. It
leaves everything else to the route's endpoint, and so does a request whose values fail
validation: that answer names every wrong parameter the way FastAPI's validation does.
Its answers are the general path's, byte for byte (tests/query/test_hotpath.py).
"""

import abc
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import String, bindparam
from sqlalchemy.pool import QueuePool
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from app.citations.reports import KnownOn, is_reported, known_on
from app.errors import ProblemError
from app.http import answer_format, chosen_language
from app.query.filters import Contains, EitherEquals, Equals, Filter, IsNull, OneOf
from app.query.listing import (
    capped_count,
    capped_total,
    check_bounds,
    check_filter_references,
    in_language,
    page_answer,
    page_statement,
)
from app.query.prepared import REQUEST, Prepared, run
from app.query.references import existing_values
from app.query.resource import Resource
from app.query.sorting import cursor_values, position_after, sort_keys
from app.search.index import match_query, search_condition

PLANS = 256
"""Prepared statements kept per route (one per combination of parameters, fields and order)."""
QUERIES = 1024
"""Query strings whose reading (validation, order, cursor, plan) is kept per route."""


class LRUCache:
    """A least-recently-used cache: values built once per key, the least recently used dropped
    beyond `size()` entries. Locked: an empty page's reference lookups may come from a worker
    thread."""

    def __init__(self, size) -> None:
        self.size = size
        self.items: OrderedDict[Any, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, build):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = build()  # outside the lock: building may compile a statement
        with self.lock:
            self.items[key] = value
            if len(self.items) > self.size():
                self.items.popitem(last=False)
        return value


def _wants_json(request: Request) -> bool:
    return answer_format(request.headers.get("accept", "")) == "json"


def _given(request: Request, accepted: set[str]) -> dict[str, str] | None:
    """The query parameters, when each is given once and all are `accepted`."""
    query = request.query_params
    if len(query) != len(query.multi_items()) or not query.keys() <= accepted:
        return None
    return dict(query)


def _language(request: Request, resource: Resource) -> str | None:
    """The display language of the answer's names (as the general path chooses it); None for a
    resource without names in several. A `lang` it does not know raises ProblemError."""
    if not resource.languages:
        return None
    accept = request.headers.get("accept-language", "")
    return chosen_language(request.query_params.get("lang"), accept, resource.languages)


async def run_reads(request: Request, work, inline: bool):
    """`work(reader)` on the read engine (app.query.prepared.run)."""
    engine = request.app.state.read_engine
    # On the event loop only with a free connection at hand: waiting there for the pool
    # would stall every request of the worker, and every stream's send timeout with them.
    # (Only a QueuePool makes a checkout wait; in-memory SQLite's pools never do.)
    if inline and (not isinstance(engine.pool, QueuePool) or engine.pool.checkedin()):
        return run(engine, work)
    return await run_in_threadpool(run, engine, work)


class _HotRoute(abc.ABC):
    """A hot route reads a query string once per language (a link followed by many) into what
    `_read` makes of it, with the plans it compiled."""

    def __init__(self, resource: Resource, model: type[BaseModel]) -> None:
        self.resource = resource
        self.model = model
        self.plans = LRUCache(lambda: PLANS)
        self.queries = LRUCache(lambda: QUERIES)

    def _reading(self, request: Request) -> tuple[Any, str | None] | None:
        """What `_read` made of the query string, and the display language; None when the
        documented route must answer."""
        if not _wants_json(request):
            return None  # the documented route negotiates formats
        try:
            lang = _language(request, self.resource)
        except ProblemError:
            return None  # the documented route names what is wrong
        read = self.queries.get(
            (request.scope["query_string"], lang), lambda: self._read(request, lang)
        )
        return None if read is None else (read, lang)

    @abc.abstractmethod
    def _read(self, request: Request, lang: str | None):
        """The query string's plan and values; None when the documented route must answer."""


class HotList(_HotRoute):
    """`GET /v1/<plural>` for one resource."""

    def __init__(self, resource: Resource, model: type[BaseModel]) -> None:
        super().__init__(resource, model)
        self.filters: dict[str, tuple[str, Filter]] = {}
        for name, field in model.model_fields.items():
            for item in field.metadata:
                if isinstance(item, Filter) and not isinstance(item, OneOf | Contains | KnownOn):
                    self.filters[field.alias or name] = (name, item)
        self.accepted = set(self.filters) | {"limit", "cursor", "count", "fields", "sort"}
        if resource.languages:
            self.accepted.add("lang")
        if "q" in model.model_fields:
            self.accepted.add("q")

    async def __call__(self, request: Request):
        reading = self._reading(request)
        if reading is None:
            return None
        query, lang = reading
        plan, keys, position, limit, counting = (
            query.plan,
            query.keys,
            query.position,
            query.limit,
            query.counting,
        )

        def work(reader):
            rows = plan.page.rows(reader, {**query.bound, **query.after, "limit": limit + 1})
            if not rows:
                # No row proves that a value naming a record (a country code) names one.
                check_filter_references(
                    query.references,
                    lambda column, wanted: existing_values(self.plans, reader, column, wanted),
                )
            found = None
            if counting and (position is not None or len(rows) > limit):
                found = plan.count.rows(reader, query.bound)[0][0]
            return rows, found

        rows, found = await run_reads(request, work, plan.inline)
        page, more = rows[:limit], len(rows) > limit
        data = [plan.shape(row) for row in page]
        meta: dict[str, Any] = {"total": None, "limit": limit, "returned": len(page)}
        if counting:
            meta.update({"total": len(page)} if found is None else capped_total(found))
        width, key_count = plan.width, len(keys)
        last = tuple(page[-1][width : width + key_count]) if more else None
        return in_language(page_answer(request, data, meta, keys, last), lang)

    def _read(self, request: Request, lang: str | None) -> "ListQuery | None":
        """What the query string asks for, with its plan; None when the documented route must
        answer it."""
        given = _given(request, self.accepted)
        if given is None or given.get("count") == "exact":
            return None
        try:
            params = self.model.model_validate(given)
            filters = sorted((a, *self.filters[a]) for a in given.keys() & self.filters.keys())
            values = {alias: getattr(params, name) for alias, name, _ in filters}
            check_bounds(values)
            keys = sort_keys(self.resource, params.sort)
            position = None if params.cursor is None else cursor_values(keys, params.cursor)
            dialect = request.app.state.read_engine.dialect
            search = None if "q" not in given else match_query(dialect.name, params.q)
        except (ValidationError, ProblemError):
            return None  # the documented route names what is wrong
        shape = (
            params.fields,
            params.sort,
            tuple((a, values[a] if isinstance(f, IsNull) else None) for a, _, f in filters),
            None if position is None else tuple(value is None for value in position),
            search is not None,
            lang,
        )
        try:
            plan = self.plans.get(
                shape,
                lambda: self._plan(dialect, params, filters, values, keys, position, search, lang),
            )
        except ProblemError:
            return None  # an unknown field: the documented route names it
        return ListQuery(
            plan=plan,
            keys=keys,
            position=position,
            limit=params.limit,
            counting=params.count == "auto",
            bound={
                **{
                    f"f{i}": values[alias]
                    for i, (alias, _, flt) in enumerate(filters)
                    if not isinstance(flt, IsNull)
                },
                **({} if search is None else {"q": search}),
            },
            after={f"after{i}": v for i, v in enumerate(position or ()) if v is not None},
            references=[(alias, flt, values[alias]) for alias, flt in self.in_order(filters)],
        )

    def in_order(self, filters) -> list[tuple[str, Filter]]:
        """`filters` in the query model's order (the order the general path checks them in)."""
        given = {alias for alias, _, _ in filters}
        return [(alias, flt) for alias, (_, flt) in self.filters.items() if alias in given]

    def _plan(self, dialect, params, filters, values, keys, position, search, lang) -> "ListPlan":
        conditions = [
            flt.clause(values[alias] if isinstance(flt, IsNull) else bindparam(f"{REQUEST}f{i}"))
            for i, (alias, _, flt) in enumerate(filters)
        ]
        if is_reported(self.resource.table):  # `as_of=` goes to the general path
            conditions.append(known_on(self.resource.table))
        if search is not None:
            query = bindparam(f"{REQUEST}q", type_=String)
            conditions.append(search_condition(self.resource, dialect.name, query))
        after = None
        if position is not None:
            bounds = [
                None if value is None else bindparam(f"{REQUEST}after{i}", type_=k.expression.type)
                for i, (value, k) in enumerate(zip(position, keys, strict=True))
            ]
            after = position_after(keys, bounds)
        projection = self.resource.projection(params.fields)
        statement = page_statement(
            self.resource, projection, keys, {}, conditions, after, lang=lang
        )
        # Index-served by construction (tests/query/test_plans.py): equality filters in the default
        # order. Those run on the event loop; anything else (a search too) in a worker thread.
        inline = (
            dialect.name == "sqlite"
            and search is None
            and params.sort is None
            and all(isinstance(flt, Equals | EitherEquals) for _, _, flt in filters)
        )
        return ListPlan(
            page=Prepared(statement.limit(bindparam(f"{REQUEST}limit")), dialect),
            count=Prepared(capped_count(self.resource, conditions, keys), dialect),
            shape=projection.shaper(),
            width=len(projection.names),
            inline=inline,
        )


@dataclass(frozen=True)
class ListQuery:
    """A query string, read: its plan and the values its statements take."""

    plan: "ListPlan"
    keys: tuple
    position: tuple | None
    """The cursor's sort-key values, if paging on."""
    limit: int
    counting: bool
    bound: dict[str, Any]
    """Filter values by bind parameter (`f0`, ...)."""
    after: dict[str, Any]
    """Cursor values by bind parameter (`after0`, ...)."""
    references: list
    """(parameter, filter, value) in the query model's order, for an empty page's check."""


@dataclass(frozen=True)
class ListPlan:
    page: Prepared
    count: Prepared
    shape: Callable
    """Row → record (see Projection.shaper)."""
    width: int
    """Columns of the record; the sort keys' values follow them."""
    inline: bool
    """Cheap enough to run on the event loop rather than in a worker thread."""
