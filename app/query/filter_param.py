"""The `filter` parameter: the grammar's `field__op` keys as one deepObject in OpenAPI.

A list or stats operation documents its friendly filters (and plain `field=value`) as named
parameters and every `field__op` key of its query model once, as a property of one `filter`
object (`style: deepObject`), so a reader meets the grammar once and a generated client gets a
typed filter model instead of a hundred arguments. On the wire `filter[year__gte]=2019` and
`year__gte=2019` are the same filter; the query model itself stays flat.
"""

import difflib
from typing import Any

from starlette.datastructures import QueryParams

from app.errors import invalid_parameter
from app.query.grammar import INT32, INT64

NAME = "filter"


def flat_query(query: QueryParams, model: Any) -> dict[str, str]:
    """The query string as the query model reads it: `filter[key]=v` becomes `key=v`. A key
    the model does not take, a malformed bracket, or a key also given plainly is a 400."""
    keys = getattr(model, "operator_keys", frozenset())
    flat: dict[str, str] = {}
    bracketed = []
    for name, value in query.items():
        if keys and (name == NAME or name.startswith(NAME + "[")):
            bracketed.append((name, value))
        else:
            flat[name] = value
    for name, value in bracketed:
        key = name[len(NAME) + 1 : -1]
        if name == NAME or not name.endswith("]") or not key or "[" in key or "]" in key:
            raise invalid_parameter(
                name,
                f"'{name}' is not a filter; give each as filter[field__op]=value, for example "
                f"filter[{_example(keys)}]=2019.",
            )
        if key not in keys:
            raise invalid_parameter(name, f"Unknown filter '{key}'.{_hint(key, keys)}")
        if key in flat:
            raise invalid_parameter(
                name, f"'{key}' is given twice, as '{name}' and as '{key}'; give it once."
            )
        flat[key] = value
    return flat


def _example(keys: frozenset[str]) -> str:
    if "year__gte" in keys:
        return "year__gte"
    ordered = sorted(key for key in keys if key.endswith("__gte"))
    return (ordered or sorted(keys) or ["year__gte"])[0]


def _hint(key: str, keys: frozenset[str]) -> str:
    """The nearest key, and the operators the key's field takes when the field is right."""
    field = key.partition("__")[0]
    operators = sorted(k.partition("__")[2] for k in keys if k.partition("__")[0] == field)
    near = difflib.get_close_matches(key, keys, n=1)
    hint = f" Did you mean '{near[0]}'?" if near else ""
    if operators:
        return f"{hint} '{field}' takes the operators {', '.join(operators)}."
    fields = sorted({k.partition("__")[0] for k in keys})
    return hint or f" Keys are field__op; the fields are {', '.join(fields)}."


def as_given(key: str, query: QueryParams) -> str:
    """The name a query-model key was given under: `filter[key]` or `key` itself."""
    bracketed = f"{NAME}[{key}]"
    return bracketed if bracketed in query else key


GRAMMAR = """
### Filter grammar

Every list and stats operation takes, besides its named filters, the grammar's keys as one
`filter` object: `filter[year__gte]=2019&filter[office__in]=president,prime_minister`. The
same keys also work without the brackets (`year__gte=2019`), which is how generated clients
send them. Each operation's `filter` schema (`components/schemas/*Filter`) lists every key it
takes with the type of its value. A key is `field__op`:

| op | meaning | fields |
|---|---|---|
| `eq`, `ne` | equals; differs from (never true of an empty value) | all (`field=value`: `eq`) |
| `lt`, `lte`, `gt`, `gte` | ordered comparison | numbers, dates and date-times only |
| `in` | one of these comma-separated values | all |
| `contains` | holds this text, case-insensitive (`%` and `_` literal) | text |
| `isnull` | is empty (`true`) or set (`false`) | fields that can be empty |

An unknown key, an operator the field does not take, or a key given twice (bracketed and
plain) is a 400 that names it.
"""
"""Appended to the document's description: the grammar written once for every operation."""


def document_filters(document: dict[str, Any], routes) -> None:
    """Moves every operation's `field__op` parameters into one `filter` object parameter, whose
    schema (in `components/schemas`, one per query model's key set) keeps each key's value
    type as the query model declares it."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for route in routes:
        model = _query_model(route)
        if model is None or not model.operator_keys:
            continue
        for method in route.methods:
            operation = document["paths"].get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            parameters = operation["parameters"]
            moved = {p["name"]: p for p in parameters if p["name"] in model.operator_keys}
            name = _schema_name(model)
            schemas[name] = {
                "type": "object",
                "description": "Grammar filters (`field__op` keys); see the filter grammar "
                "in the API description.",
                "properties": {key: _value_schema(p["schema"]) for key, p in moved.items()},
                "additionalProperties": False,
            }
            example = _example(model.operator_keys)
            operation["parameters"] = [
                p for p in parameters if p["name"] not in moved.keys() | model.equality_keys
            ]
            operation["parameters"].append(
                {
                    "name": NAME,
                    "in": "query",
                    "required": False,
                    "style": "deepObject",
                    "explode": True,
                    "description": "Grammar filters as `filter[field__op]=value` (see the filter "
                    "grammar in the API description).",
                    "schema": {"$ref": f"#/components/schemas/{name}"},
                    "examples": {
                        example: {"value": {example: moved[example]["schema"]["examples"][0]}}
                    },
                }
            )


def _query_model(route) -> Any:
    for parameter in getattr(getattr(route, "dependant", None), "query_params", ()):
        if hasattr(parameter.field_info.annotation, "operator_keys"):
            return parameter.field_info.annotation
    return None


def _schema_name(model) -> str:
    return model.__name__.removesuffix("Query").removesuffix("Stats") + "Filter"


TYPE_KEYWORDS = ("type", "enum", "format", "pattern")
"""What a key's schema keeps: its value's type, and the range of values its field holds.
Length limits and the storage range of an integer are checked by the query model all the same
(a 400 naming the key), and written out for a thousand keys they would be most of the
document."""
STORAGE_BOUNDS = {*INT32, *INT64}


def _value_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A key's value schema: the non-empty type (an absent key is the empty case)."""
    options = [o for o in schema.get("anyOf", [schema]) if o.get("type") != "null"]
    (value,) = options
    kept = {k: v for k, v in value.items() if k in TYPE_KEYWORDS}
    for bound in ("minimum", "maximum"):
        if bound in value and value[bound] not in STORAGE_BOUNDS:
            kept[bound] = value[bound]
    return kept
