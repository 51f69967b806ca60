"""The OpenAPI document, trimmed to what the API really answers."""

from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from app.errors import documented_problem, refuse_query_parameters
from app.http import under_api

DOCUMENT_URL = "/openapi.json"
"""Served here rather than by FastAPI, so that a query parameter is refused as everywhere."""
BODY_TOO_LARGE = "The body is over 64 KiB."
MIDDLEWARE_PROBLEMS = {
    "414": "The query string is over 8 KiB.",
    "429": "Too many requests from this client; see Retry-After.",
    "503": "The database is not answering; see Retry-After.",
}
"""Problems any `/v1/` operation may answer, from the middlewares rather than the route."""


def install_openapi(app: FastAPI) -> None:
    """Serves the document at DOCUMENT_URL (create the app with `openapi_url=None`). FastAPI
    documents a 422 on every operation with parameters; this API answers bad query and path
    parameters with 400 problems instead, so that entry (and its schemas) go."""

    def openapi() -> dict:
        if app.openapi_schema is None:
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
                        for status, description in MIDDLEWARE_PROBLEMS.items():
                            responses.setdefault(status, documented_problem(description))
            schemas = schema.get("components", {}).get("schemas", {})
            for name in ("HTTPValidationError", "ValidationError"):
                schemas.pop(name, None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi

    @app.get(DOCUMENT_URL, include_in_schema=False, dependencies=[Depends(refuse_query_parameters)])
    def openapi_document() -> JSONResponse:
        return JSONResponse(app.openapi())
