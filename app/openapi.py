"""The OpenAPI document, trimmed to what the API really answers."""

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi


def install_openapi(app: FastAPI) -> None:
    """FastAPI documents a 422 on every operation with parameters; this API answers bad query
    and path parameters with 400 problems instead, so that entry (and its schemas) go."""

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
                        responses.setdefault("413", _problem("The body is over 64 KiB."))
                    if path.startswith("/v1/"):
                        responses.setdefault("414", _problem("The query string is over 8 KiB."))
                        responses.setdefault(
                            "429", _problem("Too many requests from this client; see Retry-After.")
                        )
                        responses.setdefault(
                            "503", _problem("The database is not answering; see Retry-After.")
                        )
            schemas = schema.get("components", {}).get("schemas", {})
            for name in ("HTTPValidationError", "ValidationError"):
                schemas.pop(name, None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi


def _problem(description: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
