"""Checks between two fields of a record (a seed row or a curator's write): a range in order and
two different countries. Used from field validators of the later field, so an error names it."""

from pydantic import ValidationInfo
from pydantic_core import PydanticCustomError

PAIR_KINDS = frozenset({"range_order", "same_country"})
"""The kinds of error these checks raise: no example of the one field fits every record."""


def not_before(value: int | None, info: ValidationInfo, earlier: str) -> int | None:
    """`value` (a range's end) may not come before the field `earlier` (its start)."""
    start = info.data.get(earlier)
    if value is not None and start is not None and value < start:
        raise PydanticCustomError(
            "range_order",
            "{value} is before {earlier} ({start})",
            {"value": value, "earlier": earlier, "start": start},
        )
    return value


def differs_from(value: str | None, info: ValidationInfo, other: str) -> str | None:
    """`value` (a country) may not be the one in the field `other`."""
    if value is not None and value == info.data.get(other):
        raise PydanticCustomError(
            "same_country", "is the same country as {other}", {"other": other}
        )
    return value
