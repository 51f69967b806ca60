"""How a value is written in a CSV cell (seeds, data package, CSV answers)."""

from datetime import datetime

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
