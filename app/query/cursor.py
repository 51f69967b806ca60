"""Opaque keyset cursors: the sort-key values of the last row of a page, base64url JSON."""

import base64
import binascii

import orjson

from app.errors import invalid_parameter


def encode_cursor(values: tuple) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(list(values))).decode().rstrip("=")


def decode_cursor(token: str, types: tuple[type, ...]) -> tuple:
    """The key values in `token`, checked against the expected Python types."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = orjson.loads(raw)
    except (binascii.Error, ValueError):
        values = None
    if (
        not isinstance(values, list)
        or len(values) != len(types)
        or not all(_is(value, kind) for value, kind in zip(values, types, strict=True))
    ):
        raise invalid_parameter(
            "cursor", "The cursor is not one this API issued; start again from the first page."
        )
    return tuple(values)


def _is(value, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**63
    return isinstance(value, kind)
