"""The OpenAPI documents, trimmed to what the API really answers, and lean: the grammar's keys
are one `filter` object per operation (app/query/filter_param.py), and a parameter or an error
answer that several operations share is written once in `components` and referred to.

Two documents come from one: the curation contract (every operation, curator writes included)
and the read contract at `/openapi.json`, the same document less the operations that need a
curator token. Public clients are generated from the second, so they carry no write methods
they could never call, and its size stays within what a client generator and a browser handle
comfortably."""

import json
import re
from collections import Counter
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from app.errors import PROBLEM_MEDIA_TYPE, documented_problem, refuse_query_parameters
from app.http import under_api
from app.openapi_schemas import (
    drop_titles,
    share_name_schemas,
    share_vocabularies,
    share_write_bodies,
)
from app.query.filter_param import GRAMMAR, document_filters

DOCUMENT_URL = "/openapi.json"
"""The read contract. Served here rather than by FastAPI, so that a query parameter is refused
as everywhere."""
CURATION_DOCUMENT_URL = "/openapi/curation.json"
"""The whole contract: the read contract and the curator writes."""
BODY_TOO_LARGE = "The body is over 64 KiB."
MIDDLEWARE_PROBLEMS = (
    "Any other refusal, from the layers in front of every operation: 414 (the query string is"
    " over 8 KiB), 429 (too many requests from this client) or 503 (the database is not"
    " answering); the last two say when to retry in Retry-After."
)
"""Documented once per `/v1/` operation as its `default` answer, rather than as three statuses
that every operation repeats: a generated client reads any status it was not told of as a
`Problem`."""


def install_openapi(app: FastAPI) -> None:
    """Serves the document at DOCUMENT_URL (create the app with `openapi_url=None`). FastAPI
    documents a 422 on every operation with parameters; this API answers bad query and path
    parameters with 400 problems instead, so that entry (and its schemas) go."""

    def openapi() -> dict:
        if app.openapi_schema is None:
            key = _signature(app)
            if key not in _DOCUMENTS:
                _DOCUMENTS[key] = _document(app)
            app.openapi_schema = _DOCUMENTS[key]
        return app.openapi_schema

    app.openapi = openapi
    app.state.read_contract = None
    # Module-level endpoints read the app from the request: an endpoint made per app would hold
    # the app in FastAPI's caches of callables (keyed by function) long after its last use.
    for url, endpoint in (
        (DOCUMENT_URL, openapi_document),
        (CURATION_DOCUMENT_URL, curation_document),
    ):
        app.add_api_route(
            url, endpoint, include_in_schema=False, dependencies=[Depends(refuse_query_parameters)]
        )


def openapi_document(request: Request) -> JSONResponse:
    state = request.app.state
    if state.read_contract is None:
        state.read_contract = reads_only(request.app.openapi())
    return JSONResponse(state.read_contract)


def curation_document(request: Request) -> JSONResponse:
    return JSONResponse(request.app.openapi())


_DOCUMENTS: dict[tuple, dict[str, Any]] = {}
"""The documents built in this process, by `_signature`: one takes FastAPI and pydantic
seconds of CPU, and the tests make many applications with the same routes."""


def _signature(app: FastAPI) -> tuple:
    """What the document is made from: the app's registry, texts and routes (an application
    with the same ones has the same document)."""
    routes = tuple(
        (
            type(route),
            route.path,
            tuple(sorted(getattr(route, "methods", None) or ())),
            route.name,
            getattr(route, "include_in_schema", False),
            getattr(route, "operation_id", None),
            getattr(route, "summary", None),
            getattr(route, "description", None),
        )
        for route in app.routes
    )
    return (app.state.registry, app.title, app.version, app.description, routes)


def _document(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    for path, methods in schema["paths"].items():
        for operation in methods.values():
            responses = operation["responses"]
            if "requestBody" not in operation:
                responses.pop("422", None)
            else:
                responses.setdefault("413", documented_problem(BODY_TOO_LARGE))
            if under_api(path):
                responses["default"] = documented_problem(MIDDLEWARE_PROBLEMS)
    schemas = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    document_filters(schema, app.routes)
    schema["info"]["description"] = schema["info"].get("description", "") + GRAMMAR
    share_write_bodies(schema)
    drop_titles(schema)
    share_vocabularies(schema)
    share_components(schema)
    share_name_schemas(schema)
    return schema


def reads_only(document: dict[str, Any]) -> dict[str, Any]:
    """The document without the operations that need a token, and without the components only
    they referred to; its description points to the whole contract."""
    paths = {}
    for path, methods in document["paths"].items():
        kept = {method: op for method, op in methods.items() if "security" not in op}
        if kept:
            paths[path] = kept
    reads = {**document, "paths": paths}
    reads["info"] = {
        **document["info"],
        "description": document["info"].get("description", "")
        + f"\n\nThis is the read contract. Curator writes (which need a token) are described,"
        f" with every read, in [{CURATION_DOCUMENT_URL}]({CURATION_DOCUMENT_URL}).",
    }
    reads["components"] = _referenced(reads, document["components"])
    return reads


def _referenced(document: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """The components that the document, less its components, refers to, directly or through
    other components."""
    kept: dict[str, dict] = {}
    pending = [document["paths"]]
    while pending:
        for ref in re.findall(r'"#/components/([^/"]+)/([^"]+)"', json.dumps(pending.pop())):
            section, name = ref
            if name not in kept.setdefault(section, {}):
                kept[section][name] = components[section][name]
                pending.append(components[section][name])
    return {section: dict(sorted(items.items())) for section, items in kept.items()}


def share_components(document: dict[str, Any]) -> None:
    """Lean parameters, problem answers only as problem+json, and each parameter or error answer
    that two or more operations share moved to `components` and referred to by `$ref`."""
    operations = [op for methods in document["paths"].values() for op in methods.values()]
    for operation in operations:
        operation["parameters"] = [_lean(p) for p in operation.get("parameters", [])]
        for answer in operation["responses"].values():
            content = answer.get("content", {})
            if PROBLEM_MEDIA_TYPE in content:
                content.pop("application/json", None)  # FastAPI's default beside `model`
    components = document.setdefault("components", {})
    for schema in components.get("schemas", {}).values():
        for name, field in schema.get("properties", {}).items():
            schema["properties"][name] = _lean_schema(field)
    _share(operations, "parameters", lambda place, p: p["name"], components)
    _share(operations, "responses", _problem_name, components)
    for operation in operations:
        if not operation["parameters"]:
            del operation["parameters"]


def _lean(parameter: dict[str, Any]) -> dict[str, Any]:
    """An optional query parameter cannot be sent as null, so its schema is the value's own;
    generated titles and a description already given beside the schema go."""
    schema = dict(parameter.get("schema", {}))
    schema.pop("title", None)
    if schema.get("description") == parameter.get("description"):
        schema.pop("description", None)
    options = schema.get("anyOf", [])
    if not parameter.get("required") and {"type": "null"} in options and len(options) == 2:
        (value,) = [option for option in schema.pop("anyOf") if option != {"type": "null"}]
        schema = {**value, **schema}
    return {**parameter, "schema": schema} if "schema" in parameter else parameter


def _lean_schema(node: Any) -> Any:
    """A property's schema without pydantic's generated titles, a nullable simple type as a
    type list (OpenAPI 3.1) rather than an `anyOf` with null, and whole-number bounds as
    integers."""
    if isinstance(node, list):
        return [_lean_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {k: _lean_schema(v) for k, v in node.items() if k != "title"}
    for bound in ("minimum", "maximum"):
        if isinstance(node.get(bound), float) and node[bound].is_integer():
            node[bound] = int(node[bound])
    options = node.get("anyOf", [])
    if len(options) == 2 and {"type": "null"} in options:
        (value,) = [option for option in options if option != {"type": "null"}]
        if isinstance(value.get("type"), str) and not {"enum", "const", "$ref"} & set(value):
            node.pop("anyOf")
            node = {**value, **node, "type": [value["type"], "null"]}
    return node


def _problem_name(status: str, answer: dict[str, Any]) -> str | None:
    """Problem answers are shared as `Problem<status>` (the `default` one as `OtherProblem`);
    success answers stay with their operation."""
    if PROBLEM_MEDIA_TYPE not in answer.get("content", {}):
        return None
    return "OtherProblem" if status == "default" else f"Problem{status}"


def _share(operations: list[dict], section: str, naming, components: dict) -> None:
    """Every item of `section` (a list of parameters, or a map of answers by status) that
    appears in two or more operations becomes `components/<section>/<name>`, named by
    `naming(place, item)` (None keeps it inline)."""

    def items(operation):
        found = operation.get(section) or {}
        return enumerate(found) if isinstance(found, list) else found.items()

    def key(item) -> str:
        return json.dumps(item, sort_keys=True)

    seen = Counter(key(item) for op in operations for _, item in items(op) if "$ref" not in item)
    names: dict[str, str] = {}
    shared = components.setdefault(section, {})
    for operation in operations:
        for place, item in list(items(operation)):
            text = key(item)
            base = naming(place, item)
            if seen[text] < 2 or base is None:
                continue
            if text not in names:
                name, suffix = base, 1
                while name in shared:
                    suffix += 1
                    name = f"{base}.{suffix}"
                names[text] = name
                shared[name] = item
            operation[section][place] = {"$ref": f"#/components/{section}/{names[text]}"}
