"""`GET /v1/<plural>/{key}`: the one executor of every record answer.

`RecordReader` is the record route's `shortcut` (app.query.routing). It reads the query string
with the route's own query model, once per query string and Accept-Language (a link followed
by many), and compiles a prepared statement (app.query.prepared) once per shape: fields,
includes and display language. A request then runs, on one pooled connection in one snapshot,
the record's statement, which also carries the include columns and whether further sources
exist; one statement per include; the further sources (`also_cited`) only when there are
some; and the resource's additions (a source's citing records).

As every executor (app.query.executor.Executor), it answers every valid request; the
endpoint body is not a second path.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlalchemy import bindparam, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from app.citations.extra import (
    also_cited_records,
    also_cited_statement,
    has_further_sources,
    takes_further_sources,
)
from app.errors import ProblemError
from app.http import content_tag, json_bytes
from app.query.executor import Executor, run_reads
from app.query.filters import FilterSet
from app.query.includes import attach, chosen_includes, include_columns, prepared_fetch
from app.query.listing import display_language, in_language
from app.query.prepared import REQUEST, Prepared
from app.query.resource import Include, Resource, expressions


class RecordReader(Executor):
    """`GET /v1/<plural>/{key}` for one resource."""

    def __init__(self, resource: Resource, model: type[BaseModel]) -> None:
        super().__init__(resource, model)
        self.key = TypeAdapter(resource.key_param)

    async def __call__(self, request: Request) -> Response | None:
        """The answer; None (the endpoint's validation answers) for an invalid key or query."""
        languages = self.resource.languages
        accept_language = request.headers.get("accept-language", "") if languages else ""
        try:
            key = self.key.validate_python(request.path_params[self.resource.key_name])
            plan, lang = self.queries.get(
                (request.scope["query_string"], accept_language),
                lambda: self._plan(request, self._params(request)),
            )
        except ValidationError:
            return None
        return await self._answer(request, key, plan, lang)

    async def answer(self, request: Request, key: Any, params: FilterSet) -> Response:
        """The answer for parameters the endpoint has already parsed."""
        return await self._answer(request, key, *self._plan(request, params))

    def _plan(self, request: Request, params: FilterSet) -> tuple["RecordPlan", str | None]:
        """The plan for `params` and the display language, checked in the order the errors
        are named: unknown fields, then includes, then the language."""
        resource = self.resource
        projection = resource.projection(getattr(params, "fields", None))
        includes = chosen_includes(resource, getattr(params, "include", None))
        lang = display_language(request, resource, params)
        dialect = request.app.state.read_engine.dialect

        def build() -> RecordPlan:
            key = bindparam(f"{REQUEST}key")
            further = takes_further_sources(resource.table)
            columns = [*expressions(resource, projection, lang), *include_columns(includes)]
            if further:
                columns.append(has_further_sources(resource.plural, resource.key))
            statement = (
                select(*columns).select_from(resource.from_clause).where(resource.key == key)
            )
            additions = resource.record_additions
            return RecordPlan(
                record=Prepared(statement, dialect),
                shape=projection.shaper(),
                width=len(projection.names),
                includes=includes,
                also_cited=self._once(
                    "also_cited", lambda: also_cited_statement(resource.plural, key), dialect
                )
                if further
                else None,
                additions=(
                    additions.fields,
                    self._once("additions", lambda: additions.statement(resource, key), dialect),
                )
                if additions is not None
                else None,
                # Key lookups are cheaper on the event loop than a thread hop; lists of embedded
                # or citing records may be long, so those go to a worker thread.
                inline=dialect.name == "sqlite"
                and not any(include.many for include in includes.values())
                and additions is None,
            )

        key = (projection.names, tuple(includes), lang)
        return self.plans.get(key, build), lang

    def _once(self, name, statement: Callable, dialect) -> Prepared:
        """A statement every plan of this resource shares (one per kind of extra query)."""
        return self.plans.get(name, lambda: Prepared(statement(), dialect))

    async def _answer(self, request: Request, key: Any, plan: "RecordPlan", lang) -> Response:
        def work(reader) -> dict | None:
            rows = plan.record.rows(reader, {"key": key})
            if not rows:
                return None
            row = rows[0]
            record = plan.shape(row)
            width = plan.width
            if plan.includes:
                locals_ = tuple(row[width : width + len(plan.includes)])
                attach(prepared_fetch(self.plans, reader), plan.includes, [record], [locals_])
            if plan.additions is not None:
                fields, statement = plan.additions
                record.update(fields(statement.rows(reader, {"key": key})))
            if plan.also_cited is not None and row[-1]:
                further = plan.also_cited.rows(reader, {"key": key})
                record["also_cited"] = also_cited_records(further)
            return record

        record = await run_reads(request, work, plan.inline)
        if record is None:
            raise await run_in_threadpool(self._missing, request.app.state.read_engine, key)
        return record_answer(request, record, lang)

    def _missing(self, engine, key: Any) -> ProblemError:
        """The 404, naming the record the key spells where there is one (rare: no plan)."""
        with engine.connect() as connection:
            return self.resource.missing(connection, key)


@dataclass(frozen=True)
class RecordPlan:
    record: Prepared
    """The record's fields, then its include columns, then (for a resource whose records
    cite sources) whether further sources exist."""
    shape: Callable
    width: int
    """Fields of the record."""
    includes: dict[str, Include]
    also_cited: Prepared | None
    additions: tuple[Callable, Prepared] | None
    """(rows → added fields, statement)."""
    inline: bool
    """Cheap enough to run on the event loop rather than in a worker thread."""


def record_answer(request: Request, record: dict, lang: str | None) -> Response:
    """The record's JSON with an ETag of its bytes, or 304 when If-None-Match names it; its
    headers are made whole before the Response, which then lays them out once."""
    body = json_bytes(record)
    tag = content_tag(body)
    headers = {"ETag": tag, "Cache-Control": "public, max-age=60", "Vary": "Accept"}
    in_language(headers, lang)
    offered = request.headers.get("if-none-match", "")
    if tag in {item.strip().removeprefix("W/") for item in offered.split(",")}:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
