"""RFC 9457 problem details: one exception type, and handlers that turn every error into one."""

import difflib
import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.vocab import renamed

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger(__name__)


class Problem(BaseModel):
    """The problem+json body every error answers with (RFC 9457): the one definition that
    both builds every body (`ProblemError.body`) and documents it in OpenAPI."""

    model_config = ConfigDict(extra="forbid")

    type: str
    title: str
    status: int
    detail: str
    instance: str
    parameter: str | None = None
    errors: list[dict[str, Any]] | None = None


class ProblemError(Exception):
    """Raise anywhere to answer with a problem+json body; middlewares that answer before the
    application send `problem_response(...)` instead."""

    def __init__(
        self,
        status: int,
        kind: str,
        title: str,
        detail: str,
        *,
        parameter: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.kind, self.title, self.detail = status, kind, title, detail
        self.parameter, self.headers = parameter, headers

    def body(self, instance: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        problem = Problem(
            type=f"urn:kca:problem:{self.kind}",
            title=self.title,
            status=self.status,
            detail=self.detail,
            instance=instance,
            parameter=self.parameter,
            errors=errors,
        )
        return problem.model_dump(exclude_none=True)


def problem_response(
    problem: ProblemError, instance: str, errors: list[dict[str, Any]] | None = None
) -> Response:
    """The answer for `problem`; an ASGI app too, so a middleware can send it itself."""
    return Response(
        orjson.dumps(problem.body(instance, errors)),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=problem.headers,
    )


def invalid_parameter(parameter: str, detail: str) -> ProblemError:
    return ProblemError(400, "invalid-parameter", "Invalid parameter", detail, parameter=parameter)


def not_found(what: str, key: object) -> ProblemError:
    return ProblemError(404, "not-found", "Not found", f"No {what} has the id {key!r}.")


def precondition_required() -> ProblemError:
    """A change without a concrete ETag to check (no If-Match, or `*`, which any version
    matches)."""
    return ProblemError(
        428,
        "precondition-required",
        "Precondition required",
        "Send 'If-Match' with the ETag from GET of this record (not '*'), so a concurrent "
        "change is never overwritten.",
    )


def refuse_query_parameters(request: Request) -> None:
    """For routes that take no query parameters: one given is a mistake, never ignored."""
    given = next(iter(request.query_params), None)
    if given is not None:
        raise invalid_parameter(
            given,
            f"Unknown parameter '{given}'; {request.method} {request.url.path} takes no query "
            "parameters.",
        )


def documented_problem(description: str) -> dict[str, Any]:
    """The OpenAPI answer entry of a problem+json response, its schema `Problem`."""
    schema = {"$ref": f"#/components/schemas/{Problem.__name__}"}
    return {"description": description, "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}}}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """FastAPI `responses` entries for the given error statuses (`model` makes FastAPI list
    `Problem` among the document's schemas)."""
    descriptions = {
        400: "A query or path parameter is malformed, unknown or out of range.",
        401: "No curator token, or an unknown or revoked one (see WWW-Authenticate).",
        403: "The token may only read.",
        404: "No record has this id.",
        409: "The write conflicts with another record (duplicate key, still referenced, "
        "changed since).",
        412: "The record changed since the ETag in If-Match was read.",
        422: "The request body is invalid or refers to records that do not exist.",
        428: "The write needs an If-Match header.",
        503: "The database is unreachable or not at the current schema.",
    }
    return {
        status: {"model": Problem, **documented_problem(descriptions[status])}
        for status in statuses
    }


def _render(problem: ProblemError, request: Request, errors: list | None = None) -> Response:
    return problem_response(problem, request.url.path, errors)


async def _on_problem(request: Request, exc: ProblemError) -> Response:
    return _render(exc, request)


def _describe(
    error: dict[str, Any], allowed: list[str], body: tuple[str, ...] = ()
) -> tuple[str, str]:
    """A readable (parameter, message) for one pydantic error; `body`: the body's fields."""
    loc = [str(part) for part in error["loc"]]
    name = loc[1] if len(loc) > 1 else loc[0]
    if error["type"] == "extra_forbidden":
        if loc[0] == "body":
            pointer = renamed(name, body)
            return name, f"Unknown field '{name}'." + (f" {pointer}" if pointer else "")
        return name, _unknown_parameter(name, allowed)
    where = ".".join(loc[1:]) or loc[0]
    return name, f"'{where}': {error['msg']}."


def _unknown_parameter(name: str, allowed: list[str]) -> str:
    message = f"Unknown parameter '{name}'."
    pointer = renamed(name, allowed)
    if pointer:
        return f"{message} {pointer}"
    field, _, op = name.partition("__")
    operators = sorted({a.partition("__")[2] for a in allowed if a.startswith(field + "__")})
    if op and operators and op not in operators:
        return f"{message} Unknown operator '{op}' for '{field}'; allowed: {', '.join(operators)}."
    close = difflib.get_close_matches(name, allowed, n=1)
    if close:
        return f"{message} Did you mean '{close[0]}'?"
    plain = sorted(a for a in allowed if "__" not in a)
    if plain:
        message += f" Allowed: {', '.join(plain)}"
        message += ", and field__op filters." if len(plain) < len(allowed) else "."
    return message


async def _on_validation(request: Request, exc: RequestValidationError) -> Response:
    errors = exc.errors()
    if any(
        tuple(err["loc"]) == ("header", "if-match") and err["type"] == "missing" for err in errors
    ):
        return _render(precondition_required(), request)
    in_body = any(err["loc"] and err["loc"][0] == "body" for err in errors)
    allowed = _query_names(request)
    described = [_describe(err, allowed, _body_names(request)) for err in errors]
    first_name, first_message = described[0]
    if in_body:
        problem = ProblemError(
            422, "invalid-body", "Invalid request body", first_message, parameter=first_name
        )
    else:
        problem = invalid_parameter(first_name, " ".join(msg for _, msg in described))
    listed = [{"parameter": name, "message": msg} for name, msg in described]
    return _render(problem, request, listed)


def _query_names(request: Request) -> list[str]:
    """The query parameters the matched route accepts (flattening parameter models)."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    names: list[str] = []
    for param in dependant.query_params if dependant else []:
        fields = getattr(param.field_info.annotation, "model_fields", None)
        if fields is None:
            names.append(param.alias)
        else:
            names.extend(field.alias or name for name, field in fields.items())
    return names


def _body_names(request: Request) -> tuple[str, ...]:
    """The fields of the matched route's request body, if it takes one."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    models = [param.field_info.annotation for param in dependant.body_params] if dependant else []
    return tuple(name for model in models for name in getattr(model, "model_fields", {}))


async def _on_http(request: Request, exc: StarletteHTTPException) -> Response:
    titles = {
        400: ("bad-request", "Bad request"),
        404: ("not-found", "Not found"),
        405: ("method-not-allowed", "Method not allowed"),
    }
    kind, title = titles.get(exc.status_code, ("http-error", "HTTP error"))
    detail = exc.detail if isinstance(exc.detail, str) else title
    headers = exc.headers
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"There is no resource at {request.url.path}."
    if exc.status_code == 405:
        allowed = _allowed_methods(request)
        headers = {"Allow": ", ".join(allowed)}
        detail = f"{request.method} is not allowed here; allowed: {', '.join(allowed)}."
    return _render(ProblemError(exc.status_code, kind, title, detail, headers=headers), request)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette reports only the first route's)."""
    allowed = []
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.routes):
            allowed.append(method)
    return allowed


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    problem = ProblemError(
        500,
        "internal",
        "Internal error",
        "The server failed to answer this request; the failure is logged.",
    )
    return _render(problem, request)


async def _on_integrity(request: Request, exc: IntegrityError) -> Response:
    # Checks before each write name the field; this catches what slipped past them (a race).
    log.warning("integrity error on %s %s: %s", request.method, request.url.path, exc.orig)
    problem = ProblemError(
        409,
        "conflict",
        "Conflict",
        "The change conflicts with the current data (a duplicate key or a missing reference); "
        "read the records again and retry.",
    )
    return _render(problem, request)


async def _on_database_down(request: Request, exc: Exception) -> Response:
    """The database is unreachable, restarting, overloaded or too slow: say so, briefly."""
    log.warning(
        "database unavailable on %s %s: %s", request.method, request.url.path, type(exc).__name__
    )
    problem = ProblemError(
        503,
        "database-unavailable",
        "Service unavailable",
        "The database is not answering right now; retry shortly.",
        headers={"Retry-After": "5"},
    )
    return _render(problem, request)


async def _on_data_error(request: Request, exc: DataError) -> Response:
    problem = ProblemError(
        422,
        "invalid-value",
        "Invalid value",
        "A value cannot be stored or compared by the database (too long, out of range or "
        "malformed).",
    )
    return _render(problem, request)


async def _on_too_deep(request: Request, exc: RecursionError) -> Response:
    problem = ProblemError(
        422, "invalid-body", "Invalid request body", "The JSON body is nested too deeply."
    )
    return _render(problem, request)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RecursionError, _on_too_deep)
    app.add_exception_handler(IntegrityError, _on_integrity)
    app.add_exception_handler(DataError, _on_data_error)
    for unavailable in (OperationalError, InterfaceError, PoolTimeout):
        app.add_exception_handler(unavailable, _on_database_down)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)
