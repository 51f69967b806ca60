"""How a value is written in a CSV cell (seeds, data package, CSV answers), and the one CSV
writer every Python-written CSV uses."""

import csv
from datetime import datetime
from typing import IO

import orjson


def cell(value):
    """Empty for null, `true`/`false` for booleans, timestamps and JSON documents as the JSON
    answers write them, the value itself otherwise."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, datetime):  # SQLite returns UTC timestamps without their zone
        return orjson.dumps(value, option=orjson.OPT_NAIVE_UTC).decode().strip('"')
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return value


def csv_writer(handle: IO[str]):
    """csv.writer with minimal quoting whose rows end in "\\n". It quotes a cell holding a
    comma, a double quote, a line feed or a carriage return, as the csv module does for
    "\\r\\n" rows; with a "\\n" terminator it would leave a lone carriage return bare, and a
    reader would end the row there."""
    return csv.writer(_RowsEndingInNewline(handle), lineterminator="\r\n")


class _RowsEndingInNewline:
    """The file csv.writer writes to: each write is one row ending in "\\r\\n"."""

    def __init__(self, handle: IO[str]) -> None:
        self._write = handle.write

    def write(self, row: str) -> int:
        return self._write(row[:-2] + "\n")
