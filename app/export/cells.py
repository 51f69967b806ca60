"""How a value is written in a CSV cell (seeds, data package, CSV answers)."""


def cell(value):
    """Empty for null, `true`/`false` for booleans, the value itself otherwise."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value
