"""`GET /v1/stats/<plural>`: the one executor of every stats answer.

`StatsReader` is the stats route's `shortcut` (app.query.routing), as `RecordReader` is the
record's (app.query.records). It reads the query string with the route's own query model once
per query string, and compiles the aggregate (app.query.stats) once per shape: the dimensions,
the metric and which filters are set (app.query.conditions). Where the resource keeps a summary
that can answer the shape (app.query.resource.Summary), the aggregate reads that instead. A
request then runs that one prepared statement on a pooled connection, and looks up the records
its filter values name only when no group proves they exist (app.query.references).

As every executor (app.query.executor.Executor), it answers every valid request; the
endpoint body is not a second path.
"""

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response

from app.errors import ProblemError
from app.query.conditions import bound_filters
from app.query.executor import Executor, Timing, run_reads
from app.query.filters import FilterSet
from app.query.listing import check_bounds
from app.query.prepared import Prepared
from app.query.references import check_references, proven_by_a_match
from app.query.stats import (
    chosen_dimensions,
    chosen_sum,
    stats_answer,
    stats_groups,
    stats_statement,
)


class StatsReader(Executor):
    """`GET /v1/stats/<plural>` for one resource."""

    async def __call__(self, request: Request) -> Response | None:
        """The answer; None (the endpoint's validation answers) for an invalid query."""
        try:
            query = self.queries.get(
                request.scope["query_string"], lambda: self._read(request, self._params(request))
            )
        except ValidationError:
            return None
        except _AfterReferences as late:
            raise await self._after_references(request, late) from None
        return await self._answer(request, query)

    async def answer(self, request: Request, params: FilterSet) -> Response:
        """The answer for parameters the endpoint has already parsed."""
        try:
            query = self._read(request, params)
        except _AfterReferences as late:
            raise await self._after_references(request, late) from None
        return await self._answer(request, query)

    def _read(self, request: Request, params: FilterSet) -> "StatsQuery":
        """The plan for `params` and the values it binds, checked in the order the errors are
        named: dimensions, metric, then (once the references are looked up, see
        `_after_references`) the filters."""
        resource = self.resource
        dimensions = chosen_dimensions(resource, params.group_by)
        summed = chosen_sum(resource, dimensions, params)
        active = params.active_filters()
        dialect = request.app.state.read_engine.dialect
        try:
            fields = type(params).model_fields
            check_bounds({f.alias or n: getattr(params, n) for n, f in fields.items()})
            bound = bound_filters(resource, params, dialect.name)
        except ProblemError as problem:
            raise _AfterReferences(active, problem) from None

        def build() -> StatsPlan:
            statement, summary = None, resource.summary
            # A summary counts what a request without `q` or `as_of` reads.
            unscoped = "q" not in bound.values and getattr(params, "as_of", None) is None
            if summary is not None and unscoped:
                statement = summary.statement(resource, dimensions, summed, bound.filters())
            if statement is None:
                statement = stats_statement(resource, dimensions, summed, bound.conditions())
            return StatsPlan(
                statement=Prepared(statement, dialect),
                names=[column.key for column in statement.selected_columns],
            )

        return StatsQuery(
            plan=self.plans.get((tuple(dimensions), summed, bound.shape), build),
            values=bound.values,
            params=params,
            dimensions=dimensions,
            summed=summed,
            references=active,
            proven_by_a_group=proven_by_a_match(active),
        )

    async def _answer(self, request: Request, query: "StatsQuery") -> Response:
        def work(reader) -> list:
            rows = query.plan.statement.rows(reader, query.values)
            if not rows or not query.proven_by_a_group:
                check_references(self.plans, reader, query.references)
            return rows

        # An aggregate may read many rows: only a quick one runs on the event loop.
        rows = await run_reads(request, work, timing=query.timing)
        data = stats_groups(rows, query.plan.names, query.summed, self.resource)
        return stats_answer(
            request, self.resource, data, query.dimensions, query.summed, query.params
        )

    async def _after_references(self, request: Request, late: "_AfterReferences") -> ProblemError:
        """The filters' problem, once no filter value names a missing record (else that 400)."""
        await run_reads(
            request, lambda reader: check_references(self.plans, reader, late.active), False
        )
        return late.problem


class _AfterReferences(Exception):
    """A problem with the filters, which is answered after the records they name are looked
    up: a value naming no record is the first thing to say."""

    def __init__(self, active: list, problem: ProblemError) -> None:
        self.active = active
        self.problem = problem


@dataclass(frozen=True)
class StatsPlan:
    statement: Prepared
    names: list[str]
    """The statement's columns."""


@dataclass
class StatsQuery:
    """A query string, read: its plan and the values its statement binds."""

    plan: StatsPlan
    values: dict[str, Any]
    params: FilterSet
    dimensions: list[str]
    summed: str | None
    references: list
    """(parameter, filter, value) of every filter set, in the query model's order."""
    proven_by_a_group: bool
    """Whether any group shows that every record a filter value names exists."""
    timing: Timing = field(default_factory=Timing)
