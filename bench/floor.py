"""The practical floor: a minimal Starlette app that runs the statements the API ran for each
benchmarked URL (captured by bench/capture.py) with sqlite3, or with psycopg when FLOOR_DB is a
PostgreSQL URL, inline on the event loop, and answers the answer-making statement's rows as
orjson. With FLOOR_MODE=fixed it answers the API's recorded bytes instead (the HTTP stack alone).

Run by bench/run.py: `FLOOR_SPEC=spec.json FLOOR_DB=file.db|postgresql://… uvicorn bench.floor:app`.
"""

import csv
import io
import json
import os
import sqlite3
from decimal import Decimal
from itertools import islice
from pathlib import Path

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

SPEC = json.loads(Path(os.environ["FLOOR_SPEC"]).read_text(encoding="utf-8"))
"""url → {"statements": [[sql, params]...], "main": index, "body": str, "type": str, "csv": bool}"""
MODE = os.environ.get("FLOOR_MODE", "sql")
TARGET = os.environ.get("FLOOR_DB", ":memory:")
if TARGET.startswith("postgresql"):
    import psycopg

    # One connection, as on SQLite; autocommit, so each statement reads its own snapshot.
    DB = psycopg.connect(TARGET, autocommit=True)
else:
    DB = sqlite3.connect(TARGET, check_same_thread=False)
    DB.create_function(
        "lower", 1, lambda v: v.lower() if isinstance(v, str) else v, deterministic=True
    )


def _rows(sql, params):
    cursor = DB.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return names, cursor.fetchall()


def _number(value):
    """PostgreSQL sums are numeric (Decimal), which orjson leaves to the caller."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(type(value).__name__)


async def answer(request: Request):
    url = request.url.path + ("?" + request.url.query if request.url.query else "")
    spec = SPEC.get(url)
    if spec is None:
        return Response(b"not benchmarked", status_code=404)
    if MODE == "fixed":
        return Response(spec["body"].encode(), media_type=spec["type"])
    statements = spec["statements"]
    main = spec["main"]
    for i, (sql, params) in enumerate(statements):
        if i != main:
            _rows(sql, params)
    sql, params = statements[main]
    if spec["csv"]:
        return StreamingResponse(_csv(sql, params), media_type="text/csv")
    names, rows = _rows(sql, params)
    data = [dict(zip(names, row, strict=True)) for row in rows]
    body = orjson.dumps({"data": data}, default=_number)
    return Response(body, media_type="application/json")


def _csv(sql, params):
    cursor = DB.cursor()
    if isinstance(DB, sqlite3.Connection):
        rows = cursor.execute(sql, params)
    else:
        rows = cursor.stream(sql, params)  # row by row from the server, not all at once
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = False
    for batch in iter(lambda: list(islice(rows, 2000)), []):
        if not header:
            writer.writerow(d[0] for d in cursor.description)
            header = True
        writer.writerows(batch)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    cursor.close()


app = Starlette(routes=[Route("/{path:path}", answer)])
