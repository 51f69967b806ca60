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
            for methods in schema["paths"].values():
                for operation in methods.values():
                    if "requestBody" not in operation:
                        operation["responses"].pop("422", None)
            schemas = schema.get("components", {}).get("schemas", {})
            for name in ("HTTPValidationError", "ValidationError"):
                schemas.pop(name, None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi
