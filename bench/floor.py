"""The practical floor: a minimal Starlette app that runs the statements the API ran for each
benchmarked URL (captured by bench/capture.py) with sqlite3, inline on the event loop, and
answers the answer-making statement's rows as orjson. With FLOOR_MODE=fixed it answers the API's
recorded bytes instead (the HTTP stack alone).

Run by bench/run.py: `FLOOR_SPEC=spec.json FLOOR_DB=file.db uvicorn bench.floor:app`.
"""

import csv
import io
import json
import os
import sqlite3
from pathlib import Path

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

SPEC = json.loads(Path(os.environ["FLOOR_SPEC"]).read_text(encoding="utf-8"))
"""url → {"statements": [[sql, params]...], "main": index, "body": str, "type": str, "csv": bool}"""
MODE = os.environ.get("FLOOR_MODE", "sql")
DB = sqlite3.connect(os.environ.get("FLOOR_DB", ":memory:"), check_same_thread=False)
DB.create_function("lower", 1, lambda v: v.lower() if isinstance(v, str) else v, deterministic=True)


def _rows(sql, params):
    cursor = DB.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return names, cursor.fetchall()


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
    body = orjson.dumps({"data": [dict(zip(names, row, strict=True)) for row in rows]})
    return Response(body, media_type="application/json")


def _csv(sql, params):
    cursor = DB.cursor()
    cursor.execute(sql, params)
    names = [d[0] for d in cursor.description]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    while batch := cursor.fetchmany(2000):
        writer.writerows(batch)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    cursor.close()


app = Starlette(routes=[Route("/{path:path}", answer)])
