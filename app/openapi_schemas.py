"""Schema-level trimming of the OpenAPI document: each write body written once, and no
generated titles (a component's name is its title)."""

from typing import Any, Literal, get_args, get_origin

from app import vocab

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


def share_vocabularies(document: dict[str, Any]) -> None:
    """Every enumeration that is one of app.vocab's vocabularies becomes a `$ref` to one
    schema named after it, so a vocabulary is written once and a generated client has one
    enum type for it rather than one per field."""
    schemas = document["components"]["schemas"]
    named = {
        tuple(get_args(value)): name
        for name, value in vars(vocab).items()
        if get_origin(value) is Literal and name not in schemas
    }

    def shared(node: Any) -> Any:
        if isinstance(node, list):
            return [shared(item) for item in node]
        if not isinstance(node, dict):
            return node
        name = named.get(tuple(node.get("enum", ())))
        if name is not None and node.get("type") == "string":
            schemas[name] = {"type": "string", "enum": node["enum"]}
            rest = {k: v for k, v in node.items() if k not in ("type", "enum")}
            return {"$ref": REF + name, **rest}
        return {key: shared(value) for key, value in node.items()}

    document["paths"] = shared(document["paths"])
    for section in ("schemas", "parameters"):
        found = document["components"].get(section, {})
        for key in list(found):
            if key not in named.values():
                found[key] = shared(found[key])


NAMES_MARK = "x-names"
"""Marks the schema of a parameter that takes a record's code, id or name (app/query/filters.py)."""


def share_name_schemas(document: dict[str, Any]) -> None:
    """The schema of every parameter that takes a country's or a person's spellings, with the
    description of what it takes, is written once as `<Kind>Reference` and referred to."""
    schemas = document["components"]["schemas"]
    parameters = list(document["components"].get("parameters", {}).values())
    for methods in document["paths"].values():
        for operation in methods.values():
            parameters += [p for p in operation.get("parameters", []) if "$ref" not in p]
    for parameter in parameters:
        schema = parameter.get("schema", {})
        if NAMES_MARK not in schema:
            continue
        name = f"{schema[NAMES_MARK].title()}Reference"
        if schemas.setdefault(name, schema) == schema:
            parameter["schema"] = {"$ref": REF + name}
