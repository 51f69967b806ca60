"""What HTTP answers share: JSON bodies and their content tags, and the one reading of which
format a request asks for (its `format` parameter, else its Accept header)."""

import hashlib
from typing import Any

import orjson
from fastapi import Response

from app.errors import invalid_parameter

JSON_OPTIONS = orjson.OPT_NAIVE_UTC  # SQLite returns timestamps without a zone; they are UTC

STREAMED = {"text/csv": "csv", "application/x-ndjson": "ndjson", "application/ndjson": "ndjson"}
"""Accept media types that ask for a streamed format instead of JSON, in order of preference."""
STREAMED_CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}
"""The Content-Type each streamed format answers with."""


def under_api(path: str) -> bool:
    """`/v1` itself (the index) or any path below it: what caching and rate limits cover."""
    return path == "/v1" or path.startswith("/v1/")


def answer_format(accept: str, requested: str | None = None) -> str:
    """`json`, `csv` or `ndjson`: `requested` (the `format` parameter) when given, else the
    first streamed format the Accept header names, else JSON."""
    if requested is not None:
        return requested
    for media_type, name in STREAMED.items():
        if media_type in accept:
            return name
    return "json"


def chosen_language(lang: str | None, accept_language: str, supported: tuple[str, ...]) -> str:
    """`lang` when given (one of `supported`, else a 400 naming them); else the supported
    language the Accept-Language header prefers most (by q-value, then order; `ko-KR` counts
    as `ko`, `*` as the first supported); else the first supported (the default)."""
    if lang is not None:
        if lang not in supported:
            raise invalid_parameter(
                "lang",
                f"'lang': no names in '{lang}'. Supported: {', '.join(supported)} "
                f"(for example lang={supported[-1]}).",
            )
        return lang
    best, best_q = supported[0], 0.0
    for item in accept_language.split(","):
        tag, _, params = item.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary == "*":
            primary = supported[0]
        q = _quality(params)
        if primary in supported and q > best_q:
            best, best_q = primary, q
    return best


def _quality(params: str) -> float:
    """An Accept-Language item's q-value (1 when absent, 0 when unreadable)."""
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def json_bytes(body: Any) -> bytes:
    return orjson.dumps(body, option=JSON_OPTIONS)


def json_response(body: Any, status_code: int = 200, headers=None) -> Response:
    return Response(
        json_bytes(body), status_code=status_code, media_type="application/json", headers=headers
    )


def content_tag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
