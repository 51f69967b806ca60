"""Helpers for naming things in error messages."""

import difflib
from collections.abc import Iterable


def closest(name: str, allowed: Iterable[str]) -> str:
    """' Did you mean 'x'?' for the nearest allowed name, else ' Allowed: a, b, c.'"""
    allowed = list(allowed)
    match = difflib.get_close_matches(name, allowed, n=1)
    if match:
        return f" Did you mean '{match[0]}'?"
    return f" Allowed: {', '.join(sorted(allowed))}." if allowed else ""


def split_names(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]
