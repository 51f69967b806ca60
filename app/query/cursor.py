"""Opaque keyset cursors: the order they belong to and the sort-key values of a page's last row."""

import base64
import binascii
import hashlib

import orjson

from app.errors import invalid_parameter


def encode_cursor(order: str, values: tuple) -> str:
    payload = {"o": _digest(order), "v": list(values)}
    return base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")


def decode_cursor(token: str, order: str, types: tuple[tuple[type, bool], ...]) -> tuple:
    """The key values in `token`, checked against the order and the expected (type, nullable)."""
    try:
        payload = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError):
        payload = None
    values = payload.get("v") if isinstance(payload, dict) else None
    if (
        not isinstance(values, list)
        or len(values) != len(types)
        or not all(
            _is(v, kind, nullable) for v, (kind, nullable) in zip(values, types, strict=True)
        )
    ):
        raise invalid_parameter(
            "cursor", "The cursor is not one this API issued; start again from the first page."
        )
    if payload.get("o") != _digest(order):
        raise invalid_parameter(
            "cursor", "The cursor belongs to another sort order; start again from the first page."
        )
    return tuple(values)


def _digest(order: str) -> str:
    return hashlib.sha256(order.encode()).hexdigest()[:12]


def _is(value, kind: type, nullable: bool) -> bool:
    if value is None:
        return nullable
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**63
    if kind is bool:
        return isinstance(value, bool)
    return isinstance(value, kind)
