"""Opaque keyset cursors: the order they belong to and the sort-key values of a page's last row."""

import base64
import binascii
import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson

from app.errors import invalid_parameter

Reader = Callable[[Any], Any]
"""Turns a value from a cursor into the sort key's value, or raises ValueError: a cursor is
checked as strictly as the database would take it, so both databases refuse the same ones."""


def encode_cursor(order: str, values: tuple) -> str:
    # SQLite gives naive UTC timestamps and PostgreSQL aware ones: both encode with +00:00.
    payload = orjson.dumps({"o": _digest(order), "v": list(values)}, option=orjson.OPT_NAIVE_UTC)
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def decode_cursor(token: str, order: str, readers: tuple[tuple[Reader, bool], ...]) -> tuple:
    """The key values in `token`, checked against the order and read by each key's
    (reader, nullable)."""
    try:
        payload = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        values = payload["v"]
        if not isinstance(values, list) or len(values) != len(readers):
            raise ValueError
        read = tuple(
            None if value is None and nullable else reader(value)
            for value, (reader, nullable) in zip(values, readers, strict=True)
        )
    except (binascii.Error, ValueError, TypeError, KeyError):
        raise invalid_parameter(
            "cursor",
            "The cursor is not one this API issued for this query; start again from the "
            "first page.",
        ) from None
    if payload.get("o") != _digest(order):
        raise invalid_parameter(
            "cursor", "The cursor belongs to another sort order; start again from the first page."
        )
    return read


def _digest(order: str) -> str:
    return hashlib.sha256(order.encode()).hexdigest()[:12]


def integer(bits: int) -> Reader:
    """Integers a column of this many bits holds: a wider one would overflow PostgreSQL."""
    bound = 2 ** (bits - 1)

    def read(value):
        if isinstance(value, int) and not isinstance(value, bool) and -bound <= value < bound:
            return value
        raise ValueError(value)

    return read


def text(value) -> str:
    if isinstance(value, str) and "\x00" not in value:  # PostgreSQL refuses NUL in text
        return value
    raise ValueError(value)


def flag(value) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(value)


def timestamp(value) -> datetime:
    """A time with its offset, as encode_cursor writes it, in UTC."""
    if not isinstance(value, str):
        raise ValueError(value)
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(value)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(value) from None
