"""Schema-level trimming of the OpenAPI document: each write body written once, and no
generated titles (a component's name is its title)."""

from typing import Any

REF = "#/components/schemas/"


def share_write_bodies(document: dict[str, Any]) -> None:
    """A resource's PATCH body becomes the create body's fields with none required, and the
    create body refers to it and lists what it requires. The API answers a null for a field
    that cannot be empty with a 422 on PATCH too, so the create body's types are the exact
    ones for both; a default applies only on create and is said in words."""
    schemas = document["components"]["schemas"]
    for path, methods in document["paths"].items():
        create = _body(methods.get("post"))
        if create is None or "required" not in schemas[create]:
            continue
        for record_path, record_methods in document["paths"].items():
            patch = _body(record_methods.get("patch"))
            if patch is None or record_path.rsplit("/{", 1)[0] != path:
                continue
            body = schemas[create]
            properties = {name: _no_default(field) for name, field in body["properties"].items()}
            schemas[patch] = {**body, "properties": properties}
            del schemas[patch]["required"]
            # Two parts, so that a generator makes a class of its own rather than reuse PATCH's.
            schemas[create] = {"allOf": [{"$ref": REF + patch}, {"required": body["required"]}]}


def _body(operation: dict[str, Any] | None) -> str | None:
    schema = (operation or {}).get("requestBody", {}).get("content", {}).get("application/json")
    ref = (schema or {}).get("schema", {}).get("$ref", "")
    return ref.removeprefix(REF) if ref.startswith(REF) else None


def _no_default(field: dict[str, Any]) -> dict[str, Any]:
    """A generated client sends a documented default with every PATCH, so it moves into the
    description."""
    if "default" not in field:
        return field
    field = dict(field)
    default = field.pop("default")
    said = f"A new record without it gets `{default}`."
    field["description"] = f"{field['description']} {said}" if "description" in field else said
    return field


def drop_titles(document: dict[str, Any]) -> None:
    for schema in document["components"]["schemas"].values():
        schema.pop("title", None)
