"""Helpers for naming things in error messages."""

from collections.abc import Iterable

from app.errors import invalid_parameter
from app.vocab import pointer_to


def closest(name: str, allowed: Iterable[str]) -> str:
    """' Did you mean 'x'?' for the nearest allowed name, else ' Allowed: a, b, c.'; for a
    name given up, which name replaced it."""
    allowed = list(allowed)
    pointer = pointer_to(name, allowed)
    if pointer:
        return f" {pointer}"
    return f" Allowed: {', '.join(sorted(allowed))}." if allowed else ""


def split_names(text: str | None, parameter: str) -> list[str]:
    """The names of a comma-separated list, exactly as written: `a,,b` or `a,` is an error."""
    if text is None:
        return []
    names = text.split(",")
    if "" in names:
        raise invalid_parameter(
            parameter, f"'{parameter}' has an empty item; separate names with single commas."
        )
    return names
