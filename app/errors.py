"""RFC 9457 problem details: one exception type, and handlers that turn every error into one."""

import difflib
import logging
from dataclasses import dataclass
from typing import Annotated, Any, get_args

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, TypeAdapter
from pydantic_core.core_schema import ErrorType
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.field_pairs import PAIR_KINDS
from app.vocab import pointer_to, renamed

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
    if exc.kind == "invalid-parameter" and exc.parameter is not None:
        exc.detail = _with_name_and_example(exc.parameter, exc.detail, request)
    return _render(exc, request)


def _with_name_and_example(name: str, detail: str, request: Request) -> str:
    """A refusal of a declared parameter names it and shows the example its declaration gives,
    whichever check refused it."""
    declared = declared_parameters(request.scope.get("route")).get(name)
    if declared is None:
        return detail
    if f"'{name}'" not in detail:
        detail = f"'{name}': {detail}"
    example = declared_example(declared[1])
    if example is not None and example not in detail:
        detail = f"{detail} Example: {name}={example}."
    return detail


def _describe(
    error: dict[str, Any],
    allowed: list[str],
    declared: dict[str, dict],
    body: "BodyFields | None" = None,
) -> tuple[str, str]:
    """A readable (parameter, message) for one pydantic error; `body`: the body's fields."""
    loc = [str(part) for part in error["loc"]]
    if loc[0] == "body":
        return _describe_body(error, loc, body or BodyFields({}, {}, ()))
    name = loc[1] if len(loc) > 1 else loc[0]
    if error["type"] == "extra_forbidden":
        return name, _unknown_parameter(name, allowed)
    key = name.partition("[")[2].removesuffix("]") or name  # filter[key] is the model's key
    if key in declared:
        return name, in_plain_words(name, error, declared[key])
    where = ".".join(loc[1:]) or loc[0]
    return name, f"'{where}': {_own_words(error)}."


@dataclass(frozen=True)
class BodyFields:
    """A request body's fields: the JSON schema of each (what its errors are worded from), an
    example of a good value where one is known, and the names a client may send."""

    schemas: dict[str, dict[str, Any]]
    examples: dict[str, Any]
    names: tuple[str, ...]


def _describe_body(error: dict[str, Any], loc: list[str], body: BodyFields) -> tuple[str, str]:
    """(field, message) for an error in a JSON body, the field named by its JSON path."""
    kind = error["type"]
    if kind == "json_invalid":  # its loc ends with the offset in the body
        cause = (error.get("ctx") or {}).get("error")
        said = f" ({cause})" if cause else ""
        return "body", f"The body is not valid JSON{said}; send one JSON object."
    if len(loc) == 1:
        if kind in _OWN_WORDS or kind not in _PYDANTIC_KINDS:
            return "body", f"'body': {_own_words(error)}."
        needed = ", ".join(f"'{name}'" for name in body.names) or "the record's fields"
        if kind == "missing":
            return "body", f"A JSON body is required: one object with the fields {needed}."
        return "body", f"The body must be one JSON object with the fields {needed}."
    name = ".".join(loc[1:])
    if kind == "extra_forbidden":
        return name, _unknown_field(name, body.names)
    schema = body.schemas.get(loc[1])
    if schema is None or len(loc) > 2:
        return name, f"'{name}': {_own_words(error)}."
    text = f"'{name}'{what_is_wrong(error, schema)}"
    if kind == "missing":
        text += f": {good_value(schema)}"
    if kind in PAIR_KINDS or loc[1] not in body.examples or _lists_every_choice(schema):
        # Beside a check between two fields, an example could be the very value refused.
        return name, f"{text}."
    example = orjson.dumps(body.examples[loc[1]]).decode()
    if kind in _OWN_WORDS or kind not in _PYDANTIC_KINDS:  # the API's words: a sentence
        return name, f"{text}. Example: {example}."
    return name, f"{text}, e.g. {example}."


def _unknown_field(name: str, fields: tuple[str, ...]) -> str:
    message = f"Unknown field '{name}'."
    pointer = pointer_to(name, list(fields))
    if pointer:
        return f"{message} {pointer}"
    return f"{message} The fields are {', '.join(fields)}." if fields else message


def _lists_every_choice(schema: dict[str, Any]) -> bool:
    """Its good values are all named in the words already (a vocabulary, true or false)."""
    value = _value_schema(schema)
    return bool(value.get("enum")) or "const" in value or value.get("type") == "boolean"


def in_plain_words(name: str, error: dict[str, Any], schema: dict[str, Any]) -> str:
    """What was wrong with parameter `name` and what a good value looks like, with the example
    its declaration gives: pydantic's own kinds of error are worded from the declared type and
    constraints (never its wording, which shows patterns and type names); errors the API's
    validators raise keep their words, which already say what is expected."""
    text = f"'{name}'{what_is_wrong(error, schema)}"
    example = declared_example(schema)
    return f"{text}." if example is None else f"{text}, e.g. {example}."


def declared_example(schema: dict[str, Any]) -> str | None:
    """The first example the parameter's declaration gives, as a URL writes it."""
    examples = schema.get("examples") or _value_schema(schema).get("examples")
    return _as_query_text(examples[0]) if examples else None


def what_is_wrong(error: dict[str, Any], schema: dict[str, Any]) -> str:
    """The end of a sentence that starts with a value's name: ` is required`, ` must be …`
    or `: ` and the words of the API validator that refused it."""
    if error["type"] == "missing":
        return " is required"
    if error["type"] in _OWN_WORDS or error["type"] not in _PYDANTIC_KINDS:
        return f": {_own_words(error)}"
    return f"{_CAUSES.get(error['type'], ' must be')} {good_value(schema)}"


def good_value(schema: dict[str, Any]) -> str:
    """A good value of this JSON schema, in words: the rule each kind of constraint states."""
    value = _value_schema(schema)
    choices = value.get("enum") or ([value["const"]] if "const" in value else None)
    if choices:
        return "one of " + ", ".join(_as_query_text(choice) for choice in choices)
    kind = value.get("type")
    if kind in ("integer", "number"):
        low, high = value.get("minimum"), value.get("maximum")
        words = "a whole number" if kind == "integer" else "a number"
        if low is not None and high is not None:
            return f"{words} from {low} to {high}"
        if low is not None or high is not None:
            return f"{words} of at least {low}" if low is not None else f"{words} up to {high}"
        return words
    if kind == "boolean":
        return "true or false"
    if value.get("format") == "date":
        return "a date written YYYY-MM-DD"
    if value.get("format") == "date-time":
        return "a date-time written YYYY-MM-DDTHH:MM:SSZ, or a date (the start of that day, UTC)"
    shortest, longest = value.get("minLength", 0), value.get("maxLength")
    if longest is not None:
        return f"text of {max(shortest, 1)} to {longest} characters"
    if "pattern" in value:
        return "text written as in the example"
    return "text of at least one character" if shortest else "text"


def _value_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of a present value: an optional parameter's `null` alternative left out."""
    options = [option for option in schema.get("anyOf", [schema]) if option.get("type") != "null"]
    return options[0] if len(options) == 1 else schema


def _as_query_text(value: Any) -> str:
    """A value as it is written in a URL (`true`, not Python's `True`)."""
    return orjson.dumps(value).decode() if isinstance(value, bool) else str(value)


def _own_words(error: dict[str, Any]) -> str:
    """The message of an error an API validator raised (a ValueError's own text)."""
    cause = (error.get("ctx") or {}).get("error")
    return str(cause) if isinstance(cause, ValueError) else error["msg"]


# pydantic's own kinds of error: its message for them shows patterns and type names, so they
# are worded from the declared type and constraints instead.
_PYDANTIC_KINDS = frozenset(get_args(ErrorType))
# Kinds raised by the API's own validators, whose messages already say what is expected.
_OWN_WORDS = frozenset({"value_error", "assertion_error"})
# pydantic kinds whose cause the declared rule does not show: said in words of their own.
_CAUSES = {
    "string_unicode": " holds half of a character (a lone surrogate); it must be",
}


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
    # A malformed parameter is told first: a precondition or a body matters for a valid request.
    no_precondition = [
        err
        for err in errors
        if tuple(err["loc"]) == ("header", "if-match") and err["type"] == "missing"
    ]
    in_parameters = [
        err
        for err in errors
        if err["loc"]
        and err["loc"][0] in ("path", "query", "header")
        and err not in no_precondition
    ]
    if not in_parameters and no_precondition:
        return _render(precondition_required(), request)
    declared = declared_parameters(request.scope.get("route"))
    allowed = [name for name, (where, _) in declared.items() if where == "query"]
    schemas = {name: schema for name, (_, schema) in declared.items()}
    body = body_fields(request.scope.get("route"))
    described = [_describe(err, allowed, schemas, body) for err in in_parameters or errors]
    first_name, first_message = described[0]
    if not in_parameters and any(err["loc"] and err["loc"][0] == "body" for err in errors):
        problem = ProblemError(
            422, "invalid-body", "Invalid request body", first_message, parameter=first_name
        )
    else:
        problem = invalid_parameter(first_name, " ".join(msg for _, msg in described))
    listed = [{"parameter": name, "message": msg} for name, msg in described]
    return _render(problem, request, listed)


_DECLARED: dict[int, tuple[Any, dict[str, tuple[str, dict]]]] = {}


def declared_parameters(route: Any) -> dict[str, tuple[str, dict[str, Any]]]:
    """Where each parameter the route declares goes (query, path or header) and its JSON
    schema, by name: what its errors are worded from. Worked out once per route."""
    cached = _DECLARED.get(id(route))
    if cached is None:
        found: dict[str, tuple[str, dict[str, Any]]] = {}
        dependant = getattr(route, "dependant", None)
        if dependant is not None:
            _collect(dependant, found)
        cached = _DECLARED[id(route)] = (route, found)  # the route kept, so its id stays its own
    return cached[1]


def _collect(dependant: Any, found: dict[str, tuple[str, dict[str, Any]]]) -> None:
    for where in ("query", "path", "header"):
        for param in getattr(dependant, f"{where}_params"):
            info = param.field_info
            fields = getattr(info.annotation, "model_fields", None)
            if fields is None:
                schema = TypeAdapter(Annotated[info.annotation, info]).json_schema()
                found[param.alias] = (where, schema)
                continue
            properties = info.annotation.model_json_schema()["properties"]
            for name, field in fields.items():
                alias = field.alias or name
                found[alias] = (where, properties.get(alias, {}))
    for sub in dependant.dependencies:
        _collect(sub, found)


_BODIES: dict[int, tuple[Any, BodyFields]] = {}


def body_fields(route: Any) -> BodyFields:
    """The fields of the route's JSON body, if it takes one: each one's JSON schema, and the
    examples and field names the route offers (`route.body_examples()`, from the seed files;
    `route.body_names`, those its document shows). Worked out once per route, when a body is
    first refused."""
    cached = _BODIES.get(id(route))
    if cached is None:
        dependant = getattr(route, "dependant", None)
        params = dependant.body_params if dependant else []
        models = [param.field_info.annotation for param in params]
        schemas: dict[str, dict[str, Any]] = {}
        for model in models:
            if hasattr(model, "model_json_schema"):
                document = model.model_json_schema()
                for name, schema in document.get("properties", {}).items():
                    schemas[name] = inline_refs(schema, document.get("$defs", {}))
        examples = getattr(route, "body_examples", dict)()
        names = getattr(route, "body_names", tuple(schemas))
        cached = _BODIES[id(route)] = (route, BodyFields(schemas, examples, names))
    return cached[1]


def inline_refs(schema: Any, definitions: dict[str, Any]) -> Any:
    """`schema` with each `$ref` to a definition replaced by the definition."""
    if isinstance(schema, list):
        return [inline_refs(item, definitions) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        named = definitions[schema["$ref"].rpartition("/")[2]]
        schema = {**named, **{k: v for k, v in schema.items() if k != "$ref"}}
    return {key: inline_refs(value, definitions) for key, value in schema.items()}


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
