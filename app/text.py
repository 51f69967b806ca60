"""`Text(n)`: the one type of every free-text field of a record, in seed files and curator
writes alike, so a value the API accepts reads back the same from JSON, NDJSON, CSV answers,
the data package and the seed files, and shows what it holds in a terminal or a spreadsheet.

Text refuses:
- control characters (Unicode Cc) other than the line feed: a lone carriage return ends a CSV
  row for most readers and CRLF comes back as LF from others; tab, escape and the C1 controls
  reach terminals as commands;
- format characters (Cf): bidi embeddings, overrides and isolates, zero-width characters, the
  byte order mark and the soft hyphen, which make a value display as something it is not;
- line and paragraph separators (Zl, Zp), line breaks to JavaScript and `str.splitlines`;
- blank values, and values starting with `=`, `+`, `-` or `@` (after any spaces), which
  spreadsheets run as formulas. Refused rather than escaped in CSV answers, so every format
  carries the same bytes and a spreadsheet export never differs from the JSON.
"""

import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

REFUSED_CATEGORIES = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}
# unicodedata gives control characters no name; these are the ones people meet.
CONTROL_NAMES = {
    "\x00": "NULL",
    "\t": "CHARACTER TABULATION",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}
FORMULA_STARTS = ("=", "+", "-", "@")


def Text(max_length: int, pattern: str | None = None) -> Any:
    """A non-blank string of at most `max_length` characters that obeys the text rule."""
    return Annotated[
        str,
        StringConstraints(min_length=1, max_length=max_length, pattern=pattern),
        AfterValidator(_checked),
    ]


def _checked(value: str) -> str:
    # isprintable() is false for every refused character (and for a few allowed ones, such as
    # the line feed and spaces other than U+0020), so most values need no scan.
    if not value.isprintable():
        for char in value:
            kind = REFUSED_CATEGORIES.get(unicodedata.category(char))
            if kind is not None and char != "\n":
                raise PydanticCustomError(
                    "refused_character",
                    "contains {character} ({kind}), which text fields refuse",
                    {"character": _name(char), "kind": kind},
                )
    stripped = value.lstrip()
    if not stripped:
        raise PydanticCustomError("blank_text", "is blank")
    if stripped.startswith(FORMULA_STARTS):
        raise PydanticCustomError(
            "formula_text",
            "starts with '{start}', which spreadsheets run as a formula",
            {"start": stripped[0]},
        )
    return value


def _name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'."""
    name = unicodedata.name(char, None) or CONTROL_NAMES.get(char)
    code = f"U+{ord(char):04X}"
    return f"{code} {name}" if name else code
