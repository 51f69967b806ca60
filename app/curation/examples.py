"""Good values for the fields of a write body, shown in the words of a refusal: the value each
field holds in the seed files, which the API's own schemas have already accepted. They stay out
of the OpenAPI document, whose size is budgeted."""

from functools import cache
from typing import Any

from pydantic_core import to_jsonable_python

from app.query.resource import Resource
from app.seeding import SeedError, read_seeds


def body_examples(resource: Resource):
    """For a write route's `body_examples`: a function giving field → example, read once."""
    return lambda: seed_examples(resource.table.name)


@cache
def seed_examples(table_name: str) -> dict[str, Any]:
    """Field → the first value its seed file gives it; a field the file always leaves empty
    takes the value of a field of the same name and type in another file."""
    by_table = _seed_rows()
    if table_name not in by_table:
        return {}
    spec, _ = by_table[table_name]
    own_first = [by_table[table_name]] + [
        other for name, other in by_table.items() if name != table_name
    ]
    found: dict[str, Any] = {}
    for name, field in spec.schema.model_fields.items():
        for other_spec, rows in own_first:
            other = other_spec.schema.model_fields.get(name)
            if other is None or (other.annotation, other.metadata) != (
                field.annotation,
                field.metadata,
            ):
                continue
            value = next((row.values[name] for row in rows if row.values[name] is not None), None)
            if value is not None:
                found[name] = to_jsonable_python(value)
                break
    return found


@cache
def _seed_rows() -> dict[str, tuple]:
    """Table name → (its SeedTable, its rows), read once."""
    try:
        seeded = read_seeds()
    except (SeedError, OSError):
        return {}  # no seed files beside the code: the words alone say what is expected
    return {spec.table.name: (spec, rows) for spec, rows in seeded.items()}
