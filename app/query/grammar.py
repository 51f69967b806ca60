"""The query model of every list: friendly filters, the `field__op` grammar, and the common
parameters (paging, sort, fields, include, format, count, q, facet), each documented in OpenAPI.

`field__op=value` works on every scalar output field, with the operators its type allows: eq
(also the bare `field=value`), ne and in (comma-separated) on every field; lt, lte, gt and gte
on numbers, dates and date-times only (an ordering of codes, enumerations, flags or free text
means nothing); contains (case-insensitive) on text; isnull (true/false) on fields that can be
empty. Value types come from the resource's record schema, so `year__gte=abc` is a 400 and
`office__in=president,king` names the bad item. The same keys also arrive as
`filter[field__op]=value` (app/query/filter_param.py), the one way OpenAPI documents them.
"""

import functools
import re
import types
import typing
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    TypeAdapter,
    ValidationError,
    create_model,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError
from sqlalchemy import BigInteger

from app.citations.reports import as_of_field, is_reported
from app.dates import DAY_EXAMPLE, StrictDate, UtcDateTime
from app.errors import what_is_wrong
from app.query.filters import (
    COMPARISONS,
    Compare,
    Contains,
    CountryCode,
    FilterSet,
    IsNull,
    OneOf,
)
from app.query.resource import Resource
from app.query.sorting import sortable

SEARCHABLE = r"\S"
r"""Documented pattern for `q`: something other than spaces. (The code further needs a letter or
digit, in any script; a JSON Schema regex cannot say that portably, as `\w` is ASCII-only
there.)"""


def grammar_fields(resource: Resource) -> dict[str, tuple[Any, Any, bool, Any]]:
    """Field name → (expression, value type, nullable, ref) for every field the grammar covers.
    A field that refers to another record (a foreign key) gets `ref`, the key it refers to, so
    its values must name records that exist, and reads its values as that key declares in its
    column's `info["query_type"]` (a country code in any case), if it does."""
    covered = {}
    for name, expression in resource.fields.items():
        if "." in name or name in resource.labels:
            continue  # a label (a country's name) is shown, not filtered: see README, "Names"
        declared = resource.item_schema.model_fields[name]
        annotation = declared.annotation
        value_type, nullable = _strip_none(annotation)
        if typing.get_origin(value_type) is Annotated and typing.get_args(value_type)[0] is str:
            value_type = str  # a record's text rules (app/text.py) bind writes, not searches
        if not _is_scalar(value_type):
            continue  # JSON documents (a change's before/after) are returned, not filtered
        if value_type is datetime:
            value_type = UtcDateTime
        if value_type is int:
            value_type = _bounded_int(expression, declared)
        ref = _referenced_key(expression)
        if ref is not None:
            value_type = ref.info.get("query_type", value_type)
        covered[name] = (expression, value_type, nullable, ref)
    return covered


def _referenced_key(expression):
    """The key column `expression` refers to through a foreign key, if it does."""
    column = getattr(expression, "expression", expression)
    keys = {fk.column for fk in getattr(column, "foreign_keys", ())}
    return keys.pop() if len(keys) == 1 else None


INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
"""The integers a column of each type holds."""


def _bounded_int(expression, declared: FieldInfo):
    """Integers a row can hold: the record field's range (the one its column's CHECK constraint
    holds) within the column type's. A value outside it would match nothing (or overflow the
    database), so it is a 400 naming the range, as a write's would be."""
    try:
        wide = isinstance(expression.type, BigInteger)
    except AttributeError:
        wide = False
    low, high = INT64 if wide else INT32
    for constraint in declared.metadata:
        low = max(low, getattr(constraint, "ge", low), getattr(constraint, "gt", low - 1) + 1)
        high = min(high, getattr(constraint, "le", high), getattr(constraint, "lt", high + 1) - 1)
    return _whole_numbers(low, high)


@functools.cache
def _whole_numbers(low: int, high: int):
    return Annotated[int, Field(ge=low, le=high)]


def _is_whole(value_type) -> bool:
    """Whether `value_type` is one of `_bounded_int`'s."""
    return typing.get_origin(value_type) is Annotated and typing.get_args(value_type)[0] is int


def _strip_none(annotation) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(args) < len(typing.get_args(annotation)):
            return (args[0] if len(args) == 1 else typing.Union[tuple(args)]), True  # noqa: UP007
    return annotation, False


def _list_pattern(value_type) -> str | None:
    """A regular expression for a comma-separated list of values of this type."""
    if _is_whole(value_type):
        item = r"-?\d{1,18}"
    elif value_type is CountryCode:
        item = "[A-Za-z]{2}"
    elif value_type is bool:
        item = "(?:true|false)"
    elif typing.get_origin(value_type) is Literal:
        item = "(?:" + "|".join(typing.get_args(value_type)) + ")"
    else:
        return None
    return f"^{item}(?:,{item})*$"


def _pattern(pattern: str | None) -> dict:
    """Documents a pattern the code checks itself (with better messages than a regex gives)."""
    return {"pattern": pattern} if pattern else {}


def name_list_pattern(names, signed: bool = False) -> str:
    """A regular expression for a comma-separated list of these names (`-` prefix if signed)."""
    item = ("-?" if signed else "") + "(?:" + "|".join(re.escape(n) for n in names) + ")"
    return f"^{item}(?:,{item})*$"


def _is_scalar(value_type) -> bool:
    return value_type in (str, int, bool, float, datetime) or typing.get_origin(value_type) in (
        Literal,
        typing.Annotated,
    )


def _is_text(value_type) -> bool:
    return (
        value_type is str or value_type is CountryCode or typing.get_origin(value_type) is Literal
    )


@functools.cache
def _item_checker(value_type) -> tuple[TypeAdapter, dict]:
    """The validator and JSON schema of a list's items, built when a list of this type is
    first parsed rather than for each of the hundreds of `__in` fields at start-up."""
    adapter = TypeAdapter(value_type)
    return adapter, adapter.json_schema()


def _list_of(value_type, parameter: str):
    def parse(text: str) -> tuple:
        adapter, schema = _item_checker(value_type)
        items = [item.strip() for item in text.split(",")]
        values = []
        for position, item in enumerate(items, start=1):
            try:
                values.append(adapter.validate_python(item))
            except ValidationError as error:
                reason = what_is_wrong(error.errors()[0], schema)
                raise PydanticCustomError(
                    "invalid_item",
                    "item {position} ('{item}'){reason}",
                    {"position": position, "item": item, "parameter": parameter, "reason": reason},
                ) from None
        return tuple(values)

    return parse


ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


def is_ordered(resource: Resource, name: str, value_type) -> bool:
    """Whether `lt`/`gt` mean something on this field: numbers, date-times, and dates (stored
    as ISO text, which sorts as the dates do); not codes, enumerations, flags or free text."""
    if _is_whole(value_type) or value_type in (UtcDateTime, float):
        return True
    if typing.get_origin(value_type) is Annotated and typing.get_args(value_type)[0] is date:
        return True
    declared = _declared(resource.item_schema)["properties"][name]
    options = declared.get("anyOf", [declared])
    return value_type is str and any(option.get("pattern") == ISO_DATE for option in options)


@functools.cache
def _declared(schema: type[BaseModel]) -> dict:
    return schema.model_json_schema()


def grammar_model_fields(resource: Resource, taken: set[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, (expression, value_type, nullable, ref) in grammar_fields(resource).items():
        if name != "description":
            example = example_value(name, value_type)
            if name not in taken:
                fields[name] = _param(
                    value_type, Compare(expression, "eq", ref), f"`{name}` equals.", example
                )
            ordered = is_ordered(resource, name, value_type)
            for op in COMPARISONS:
                if op not in ("eq", "ne") and not ordered:
                    continue
                fields[f"{name}__{op}"] = _param(
                    value_type,
                    Compare(expression, op, ref),
                    f"`{name}` {_OP_WORDS[op]}.",
                    example,
                )
            fields[f"{name}__in"] = (
                Annotated[
                    str | None,
                    # Constraints first: after the validator they would silently not apply.
                    Field(
                        max_length=2000,
                        json_schema_extra=_pattern(_list_pattern(value_type)),
                        description=f"`{name}` is one of these comma-separated values.",
                        examples=[f"{example},{example}" if value_type is not bool else "true"],
                    ),
                    AfterValidator(_list_of(value_type, f"{name}__in")),
                    OneOf(expression, ref),
                ],
                None,
            )
        if value_type is str:  # free text; codes and enumerations match whole
            fields[f"{name}__contains"] = (
                Annotated[
                    str | None,
                    Contains(expression),
                    Field(
                        min_length=1,
                        max_length=200,
                        description=f"`{name}` contains this text (case-insensitive).",
                        examples=[str(example_value(name, str))[:4].lower()],
                    ),
                ],
                None,
            )
        if nullable:
            fields[f"{name}__isnull"] = (
                Annotated[
                    bool | None,
                    IsNull(expression),
                    Field(
                        description=f"`{name}` is empty (`true`) or set (`false`).",
                        examples=[False],
                    ),
                ],
                None,
            )
    return fields


_OP_WORDS = {
    "eq": "equals",
    "ne": "differs from (empty values never match)",
    "lt": "is less than",
    "lte": "is at most",
    "gt": "is greater than",
    "gte": "is at least",
}


def _param(value_type, flt, description: str, example):
    field = Field(description=description, examples=[example])
    return (Annotated[value_type | None, flt, field], None)


EXAMPLE_TEXT = {
    "person_id": "moon-jae-in",
    "person_name": "Moon Jae-in",
    "name": "Navoi Airport",
    "slug": "navoi-airport",
    "korean_party": "KOICA",
    "title": "Navoi Airport",
    "author": "Om Goo Ho",
    "publisher": "Ministry of Foreign Affairs, Republic of Korea",
    "url": "https://www.gazeta.uz/ru/2020/06/12/kiuf/",
    "region": "Central Asia",
    "description": "Korean",
    "href": "/v1/visits/1",
}


def example_value(name: str, value_type):
    """A valid, realistic value for documenting a parameter on `name`."""
    if typing.get_origin(value_type) is Literal:
        return typing.get_args(value_type)[0]
    if value_type is CountryCode or name == "code":
        return "UZ"
    if value_type is bool:
        return True
    if value_type is int or _is_whole(value_type):
        return 2019 if "year" in name else 1 if name in ("id", "project_id") else 10
    if value_type is UtcDateTime:
        return "2026-01-01T00:00:00Z"
    if value_type in (date, StrictDate):
        return DAY_EXAMPLE
    return EXAMPLE_TEXT.get(name, "Tashkent")


def _names(items) -> str:
    return ", ".join(f"`{item}`" for item in items)


def format_field(what_streams_do: str) -> tuple[Any, Any]:
    """The `format` parameter of every answer that has CSV and NDJSON forms; `what_streams_do`
    ends the description's sentence on what those two hold."""
    return (
        Literal["json", "csv", "ndjson"] | None,
        Field(
            None,
            description="Answer format; overrides the Accept header (`text/csv`, "
            f"`application/x-ndjson`). `csv` and `ndjson` {what_streams_do}.",
            examples=["csv"],
        ),
    )


def common_fields(resource: Resource, *, for_list: bool) -> dict[str, Any]:
    # A list of the resource's names (fields, includes, sort keys, facets) is documented by the
    # names in its description; a pattern would repeat each name twice more per operation,
    # and a wrong name gets a 400 that lists the right ones.
    fields: dict[str, Any] = {
        "fields": (
            str | None,
            Field(
                None,
                max_length=1000,
                description="Comma-separated fields to return (a group such as `citation` "
                f"returns all of it). Allowed: {_names(resource.field_names())}.",
                examples=[",".join(list(resource.fields)[:2])],
            ),
        ),
    }
    if resource.includes:
        fields["include"] = (
            str | None,
            Field(
                None,
                max_length=200,
                description="Comma-separated related records to embed: "
                + "; ".join(f"`{n}` ({i.description})" for n, i in resource.includes.items())
                + ".",
                examples=[next(iter(resource.includes))],
            ),
        )
    if resource.languages:
        fields["lang"] = (
            str | None,
            Field(
                None,
                max_length=20,
                json_schema_extra={"enum": list(resource.languages)},
                description="Language of the display names: "
                f"{_names(resource.languages)}. Without it, the Accept-Language header "
                f"chooses; the default is `{resource.languages[0]}`. A name the dataset has "
                "no translation for stays in English; `Content-Language` names the choice.",
                examples=[resource.languages[1]],
            ),
        )
    if not for_list:
        return fields
    default_order = ",".join(
        ("-" if descending else "") + _field_name(resource, column)
        for column, descending in resource.order
    )
    fields.update(
        limit=(
            int,
            Field(50, ge=1, le=500, description="Records per page (1–500).", examples=[50]),
        ),
        cursor=(
            str | None,
            Field(
                None,
                max_length=1000,
                description="Opaque position from a previous page's `links.next`.",
                examples=["eyJvIjoiMTIzNDU2Nzg5MGFiIiwidiI6WzIwMDksNV19"],
            ),
        ),
        sort=(
            str | None,
            Field(
                None,
                max_length=500,
                description="Comma-separated sort keys, `-` for descending; empty values sort "
                f"last; the id breaks ties. Allowed: {_names(sortable(resource))}. "
                f"Default: `{default_order or 'id'}`.",
                examples=[f"-{next(iter(sortable(resource)))}"],
            ),
        ),
        format=format_field("stream every matching row (or `limit` rows when given)"),
        count=(
            Literal["auto", "exact", "none"],
            Field(
                "auto",
                description="`auto` counts `meta.total` exactly up to 1,000 matching rows; "
                "beyond that `total` is null and `total_at_least` gives the rows counted. "
                "`exact` always counts every row; `none` skips counting (`total` null).",
                examples=["exact"],
            ),
        ),
        q=(
            str | None,
            Field(
                None,
                min_length=1,
                max_length=200,
                json_schema_extra={"pattern": SEARCHABLE},
                description="Full-text search: every word must match the start of a word in "
                "the record's names, places, people or description.",
                examples=["tashkent"],
            ),
        ),
    )
    if resource.groups:
        fields["facet"] = (
            str | None,
            Field(
                None,
                max_length=200,
                description="Comma-separated dimensions to count over the filtered set, in "
                f"`meta.facets`. Allowed: {_names(resource.groups)}.",
                examples=[next(iter(resource.groups))],
            ),
        )
    return fields


def _field_name(resource: Resource, column) -> str:
    for name, expression in resource.fields.items():
        if expression is column:
            return name
    raise LookupError(f"{column} is not an output field of {resource.plural}")


# Cached: a resource's query models never change, and building them is most of create_app's
# time, which the tests pay for every application they make.
@functools.cache
def list_query_model(resource: Resource, friendly: type[FilterSet]) -> type[FilterSet]:
    taken = {field.alias or name for name, field in friendly.model_fields.items()}
    common = {**common_fields(resource, for_list=True), **reported_fields(resource)}
    grammar = grammar_model_fields(resource, taken | set(common))
    model = create_model(
        f"{resource.name.title().replace(' ', '')}Query",
        __base__=friendly,
        **common,
        **grammar,
    )
    return with_operator_keys(model, grammar)


def with_operator_keys(model: type[FilterSet], grammar: dict[str, Any]) -> type[FilterSet]:
    """`model`, knowing which of its fields are the grammar's `field__op` and plain
    `field=value` keys."""
    model.operator_keys = frozenset(name for name in grammar if "__" in name)
    model.equality_keys = frozenset(name for name in grammar if "__" not in name)
    return model


def reported_fields(resource: Resource) -> dict[str, Any]:
    """`as_of=` for a resource whose rows are reports with dates (app/citations/reports.py)."""
    return {"as_of": as_of_field(resource.table)} if is_reported(resource.table) else {}


@functools.cache
def record_query_model(resource: Resource) -> type[FilterSet]:
    return create_model(
        f"{resource.name.title().replace(' ', '')}RecordQuery",
        __base__=FilterSet,
        **common_fields(resource, for_list=False),
    )
