"""Benchmark harness: the API against Datasette, the inline floor and fixed bytes, interleaved.

    .venv/bin/python -m bench.run [--quick] [--scales seed,1m] [--pg postgresql://user@host:port]

For every scale it prepares SQLite databases once (migrate, seed, `kca synth`; reused from
--dir afterwards), captures the SQL the API issues for each benchmarked URL, starts the servers
on loopback (A: API under uvicorn, one worker; B: Datasette on the same file; C: the floor,
bench/floor.py running the captured SQL with sqlite3 + orjson; D: fixed bytes; E: the API on
PostgreSQL when --pg is given), and runs wrk against them in turn, A B C D E A B C D E…, each
measurement bounded by --duration. The CSV export is timed by streaming it once per server per
repetition (and `sqlite3 -csv` on the same SQL) while sampling the server's RSS. Results go to
bench/results/latest.md and latest.json; plans of every benchmarked statement are included.
"""

import argparse
import json
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.capture import capture, main_statement

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"

SCALES = {
    # The seeds alone: 12 money figures. The "deep" page is the one after the first 2 rows.
    "seed": {"synth": None, "deep_after": 2, "by_id": 3},
    # 1,000,000 synthetic money figures (plus 100,000 projects and 50,000 visits).
    "1m": {
        "synth": {"investments": 1_000_000, "projects": 100_000, "visits": 50_000},
        "deep_after": 100_000,
        "by_id": 500_000,
    },
}
LIST = "/v1/investments?country=UZ&limit=50"
QUERIES = {
    "list": LIST,
    "deep page": None,  # LIST with a cursor; see deep_url()
    "by id": None,
    "aggregate": "/v1/stats/investments?group_by=country,nature&metric=sum:amount_usd",
    "search": "/v1/investments?q=kyrgyzstan%20credit&limit=50",
    "export csv": "/v1/investments?format=csv",
    "export ndjson": "/v1/investments?format=ndjson",
}
SPREAD = {
    # The rest of the list grammar, each against the API and the floors only.
    "equality": "/v1/investments?kind=credit_line&limit=50",
    "range": "/v1/visits?filter[year__gte]=2015&limit=50",
    "__in": "/v1/investments?kind__in=credit_line,grant_aid&limit=50",
    "multi-key sort": "/v1/visits?sort=-year,city&limit=50",
    "fields=": "/v1/investments?country=UZ&fields=id,kind,amount_usd,year_from&limit=50",
    "include=": "/v1/investments?kind=credit_line&include=project&limit=50",
}
SPREAD_SERVERS = ("api", "floor", "api-pg", "floor-pg")
EXPORTS = {
    "export csv": ("api", "floor", "api-pg", "floor-pg"),
    "export ndjson": ("api", "api-pg"),
}
"""Streamed once per repetition by these servers (the floors stream CSV only)."""
FLOORS = {"floor": "api", "floor-pg": "api-pg"}
"""Each floor and the API server that runs the same SQL on the same database."""


def plain_export(dialect: str = "sqlite") -> tuple[str, tuple | dict]:
    """The exports' SELECT of the fields, as the API's own builder makes it, which
    `sqlite3 -csv` and the floors run. (The API's statements have the database write each CSV
    line or JSON record: app/export/.)"""
    from sqlalchemy.dialects import postgresql, sqlite

    from app.investments.resource import INVESTMENTS
    from app.query.listing import page_statement
    from app.query.sorting import sort_keys

    fields = INVESTMENTS.projection(None)
    keys = sort_keys(INVESTMENTS, None)
    statement = page_statement(INVESTMENTS, fields, keys, {}, [], None, fmt="csv")
    if dialect == "postgresql":
        compiled = statement.compile(dialect=postgresql.psycopg.dialect())
        return compiled.string, compiled.params
    compiled = statement.compile(dialect=sqlite.dialect())
    return compiled.string, tuple(compiled.params[name] for name in compiled.positiontup)


# Latency-bound queries run with one connection, so p50 is the service time (compared with
# the statement's own time); the rest with 16.
CONNECTIONS = {"aggregate": 1}


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="seed,1m", help="comma-separated: seed, 1m")
    parser.add_argument("--pg", default=None, help="PostgreSQL server URL (the API on it: E)")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk measurement")
    parser.add_argument("--reps", type=int, default=3, help="interleaved repetitions")
    parser.add_argument("--quick", action="store_true", help="2 s, 1 repetition")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/kca-bench"), help="databases")
    parser.add_argument("--out", default="latest", help="results file stem in bench/results/")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.reps = 2, 1
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    args.dir.mkdir(parents=True, exist_ok=True)
    report = {"started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "scales": {}}
    report["settings"] = {"duration_s": args.duration, "reps": args.reps, "cpus": os.cpu_count()}
    for scale in args.scales.split(","):
        report["scales"][scale] = run_scale(scale, args)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.out}.json").write_text(json.dumps(report, indent=1) + "\n")
    markdown = render(report)
    (RESULTS / f"{args.out}.md").write_text(markdown)
    print(markdown)
    return 0


# --- databases -------------------------------------------------------------------------------


def kca(database_url: str, *arguments: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([str(VENV_BIN / "kca"), *arguments], env=env, check=True, cwd=ROOT)


def prepare(database_url: str, scale: str, fresh: bool) -> None:
    kca(database_url, "migrate")
    if fresh:
        kca(database_url, "seed")
        synth = SCALES[scale]["synth"]
        if synth:
            kca(database_url, "synth", *(f"--{k}={v}" for k, v in synth.items()))


def sqlite_database(scale: str, directory: Path) -> tuple[str, Path]:
    path = directory / f"{scale}.db"
    fresh = not path.exists()
    prepare(f"sqlite:///{path}", scale, fresh)
    return f"sqlite:///{path}", path


def pg_database(server_url: str, scale: str) -> str:
    import psycopg

    name = f"kca_bench_{scale}"
    with psycopg.connect(server_url.rstrip("/") + "/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    url = server_url.rstrip("/") + "/" + name
    prepare(url, scale, not exists)
    return url


def deep_url(database_url: str, after: int) -> tuple[str, int]:
    """LIST with the cursor that follows its first `after` rows (encoded as the API does)."""
    from sqlalchemy import create_engine, or_, select

    from app.investments.models import Investment
    from app.investments.resource import INVESTMENTS
    from app.query.cursor import encode_cursor
    from app.query.sorting import signature, sort_keys

    engine = create_engine(database_url)
    with engine.connect() as connection:
        key = connection.execute(
            select(Investment.id)
            .where(or_(Investment.from_country == "UZ", Investment.to_country == "UZ"))
            .order_by(Investment.id)
            .offset(after - 1)
            .limit(1)
        ).scalar_one()
    engine.dispose()
    token = encode_cursor(signature(sort_keys(INVESTMENTS, None)), (key,))
    return f"{LIST}&cursor={token}", key


# --- servers ---------------------------------------------------------------------------------


def start(name: str, port: int, command: list[str], env: dict) -> Server:
    process = subprocess.Popen(
        command,
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/-/ready", timeout=2)
            break
        except urllib.error.HTTPError:
            break  # it answers
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}") from None
            time.sleep(0.2)
    return Server(name, port, process)


def stop(server: Server) -> None:
    os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)


def uvicorn(app: str, port: int) -> list[str]:
    return [
        str(VENV_BIN / "uvicorn"),
        app,
        "--host",
        HOST,
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]


API_ENV = {
    "RATE_LIMIT_READS": "0",
    "STREAMS_PER_CLIENT": "0",  # wrk runs 16 downloads at once from one address
    "LOG_LEVEL": "WARNING",
    "DB_STATEMENT_TIMEOUT_MS": "60000",
}


# --- measuring -------------------------------------------------------------------------------

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def wrk(url: str, duration: int, connections: int) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "60s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "99"):
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        result[f"p{pct}_ms"] = round(float(value) * UNITS[unit], 3)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["errors"] = int(errors.group(1)) if errors else 0
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    return result


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def export(server: Server, url: str, header: bool) -> dict:
    """Stream the export once; rows/s and the server's RSS growth while it streams."""
    before = rss_kib(server.process.pid)
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kib(server.process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    lines = 0
    with urllib.request.urlopen(server.base + url, timeout=600) as response:
        status = response.status
        while chunk := response.read(1 << 20):
            lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    rows = lines - header
    return {
        "status": status,
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_s": round(rows / seconds),
        "rss_before_mib": round(before / 1024, 1),
        "rss_growth_mib": round((peak[0] - before) / 1024, 1),
    }


def sqlite3_cli(path: Path, sql: str, params) -> dict:
    """`sqlite3 -csv` on the same statement (parameters written in as literals)."""
    literal = sql
    for value in params:
        text = (
            str(value)
            if isinstance(value, int | float)
            else "'" + str(value).replace("'", "''") + "'"
        )
        literal = literal.replace("?", text, 1)
    started = time.perf_counter()
    out = subprocess.run(
        ["sqlite3", "-csv", "-header", str(path), literal], capture_output=True, check=True
    ).stdout
    seconds = time.perf_counter() - started
    rows = out.count(b"\n") - 1
    return {"rows": rows, "seconds": round(seconds, 3), "rows_per_s": round(rows / seconds)}


def raw_sql_ms(path: Path, statements, repeats: int = 5) -> float:
    """Median time of the statements themselves, in process, with sqlite3."""
    db = sqlite3.connect(path)
    db.create_function("lower", 1, lambda v: v.lower() if isinstance(v, str) else v)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        for sql, params in statements:
            db.execute(sql, params).fetchall()
        times.append((time.perf_counter() - started) * 1e3)
    db.close()
    return round(statistics.median(times), 3)


def pg_raw_ms(database_url: str, statements, repeats: int = 5) -> float:
    import psycopg

    times = []
    with psycopg.connect(database_url) as connection:
        for _ in range(repeats):
            started = time.perf_counter()
            for sql, params in statements:
                connection.execute(sql, params).fetchall()
            times.append((time.perf_counter() - started) * 1e3)
    return round(statistics.median(times), 3)


def sqlite_plans(path: Path, statements) -> list[str]:
    db = sqlite3.connect(path)
    db.create_function("lower", 1, lambda v: v)
    plans = []
    for sql, params in statements:
        rows = db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        plans.append("\n".join(f"{'  ' * _depth(rows, r)}{r[3]}" for r in rows))
    db.close()
    return plans


def _depth(rows, row) -> int:
    parents = {r[0]: r[1] for r in rows}
    depth, parent = 0, row[1]
    while parent in parents:
        depth, parent = depth + 1, parents[parent]
    return depth


def pg_plans(database_url: str, statements) -> list[str]:
    import psycopg

    plans = []
    with psycopg.connect(database_url) as connection:
        for sql, params in statements:
            rows = connection.execute("EXPLAIN " + sql, params).fetchall()
            plans.append("\n".join(r[0] for r in rows))
    return plans


# --- one scale -------------------------------------------------------------------------------


def run_scale(scale: str, args) -> dict:
    spec = SCALES[scale]
    print(f"== {scale}: preparing databases", flush=True)
    sqlite_url, path = sqlite_database(scale, args.dir)
    pg_url = pg_database(args.pg, scale) if args.pg else None
    urls = dict(QUERIES)
    urls["deep page"], deep_key = deep_url(sqlite_url, spec["deep_after"])
    urls["by id"] = f"/v1/investments/{spec['by_id']}"
    urls.update(SPREAD)
    captured = capture(sqlite_url, list(urls.values()))
    pg_captured = capture(pg_url, list(urls.values())) if pg_url else {}
    for url, found in [*captured.items(), *pg_captured.items()]:
        if found.status != 200:
            raise RuntimeError(f"{url}: the API answered {found.status}")

    spec_path = args.dir / f"floor-{scale}.json"
    plain = plain_export()
    spec_path.write_text(json.dumps(floor_spec(urls, captured, plain)))
    if pg_url:
        pg_spec_path = args.dir / f"floor-pg-{scale}.json"
        pg_plain = plain_export("postgresql")
        pg_spec_path.write_text(json.dumps(floor_spec(urls, pg_captured, pg_plain)))

    servers = {
        "api": start(
            "api",
            8701,
            uvicorn("app.main:app", 8701),
            {**API_ENV, "DATABASE_URL": sqlite_url},
        ),
        "datasette": start(
            "datasette",
            8702,
            [
                str(VENV_BIN / "datasette"),
                "serve",
                str(path),
                "--host",
                HOST,
                "--port",
                "8702",
                "--setting",
                "sql_time_limit_ms",
                "10000",
                # As a performance-minded user runs it: facet suggestions cost a query per
                # column on every table view.
                "--setting",
                "suggest_facets",
                "off",
            ],
            {},
        ),
        "floor": start(
            "floor",
            8703,
            uvicorn("bench.floor:app", 8703),
            {"FLOOR_SPEC": str(spec_path), "FLOOR_DB": str(path)},
        ),
        "fixed": start(
            "fixed",
            8704,
            uvicorn("bench.floor:app", 8704),
            {"FLOOR_SPEC": str(spec_path), "FLOOR_MODE": "fixed"},
        ),
    }
    if pg_url:
        servers["api-pg"] = start(
            "api-pg", 8705, uvicorn("app.main:app", 8705), {**API_ENV, "DATABASE_URL": pg_url}
        )
        servers["floor-pg"] = start(
            "floor-pg",
            8706,
            uvicorn("bench.floor:app", 8706),
            {"FLOOR_SPEC": str(pg_spec_path), "FLOOR_DB": pg_url},
        )
    results: dict = {"queries": {}, "urls": urls}
    try:
        warm_up(servers, urls, path, captured, deep_key, spec["by_id"])
        for rep in range(args.reps):
            for name, url in urls.items():
                entry = results["queries"].setdefault(name, {"runs": {}})
                if name in EXPORTS:
                    for server in EXPORTS[name]:
                        if server in servers:
                            run = export(servers[server], url, header=name == "export csv")
                            entry["runs"].setdefault(server, []).append(run)
                    sql, params = plain
                    entry["runs"].setdefault("sqlite3 -csv", []).append(
                        sqlite3_cli(path, sql, params)
                    )
                    print(f"  {scale} rep {rep + 1} {name}: done", flush=True)
                    continue
                for server_name, server in measured(servers, name):
                    target = server.base + url
                    if server_name == "datasette":
                        target = datasette_url(
                            name, server, path, captured[url], deep_key, spec["by_id"]
                        )
                    run = wrk(target, args.duration, CONNECTIONS.get(name, 16))
                    entry["runs"].setdefault(server_name, []).append(run)
                    print(
                        f"  {scale} rep {rep + 1} {name:14} {server_name:9} "
                        f"{run['rps']:9.1f} req/s  p50 {run['p50_ms']} ms  p99 {run['p99_ms']} ms"
                        + (f"  ERRORS {run['errors']}" if run["errors"] else ""),
                        flush=True,
                    )
    finally:
        for server in servers.values():
            stop(server)

    for name, url in urls.items():
        entry = results["queries"][name]
        statements = captured[url].statements
        entry["statements"] = [sql for sql, _ in statements]
        entry["sqlite_plans"] = sqlite_plans(path, statements)
        if pg_url:
            entry["pg_plans"] = pg_plans(pg_url, pg_captured[url].statements)
        if name == "aggregate":
            entry["raw_sql_ms"] = {"sqlite": raw_sql_ms(path, statements)}
            if pg_url:
                entry["raw_sql_ms"]["pg"] = pg_raw_ms(pg_url, pg_captured[url].statements)
        entry["summary"] = summarize(entry["runs"])
    return results


def floor_spec(urls: dict, captured: dict, plain) -> dict:
    """What the floor answers for each URL: the API's own statements (the plain SELECT for
    the exports), which of them makes the answer, and the API's recorded answer."""
    spec = {}
    for name, url in urls.items():
        found = captured[url]
        statements = [plain] if name in EXPORTS else found.statements
        spec[url] = {
            # psycopg takes named parameters (a dict), sqlite3 positional ones.
            "statements": [
                [sql, params if isinstance(params, dict) else list(params)]
                for sql, params in statements
            ],
            "main": 0 if name in EXPORTS else statements.index(main_statement(found)),
            "body": "" if name in EXPORTS else found.body.decode(),
            "type": found.content_type,
            "csv": name == "export csv",
        }
    return spec


def measured(servers: dict, query: str) -> list[tuple[str, Server]]:
    """The servers a query is measured on: all of them, but only the API and the floors for
    the spread of list URLs."""
    return [(n, s) for n, s in servers.items() if query not in SPREAD or n in SPREAD_SERVERS]


DATASETTE_TABLE = {
    # Datasette's own table and row views where it has them (its keyset `_next`, foreign keys
    # expanded to labels like the API's citation), its SQL endpoint running the API's
    # statement for the rest.
    "list": "/investments.json?_where={where}&_size=50&_labels=on",
    "deep page": "/investments.json?_where={where}&_size=50&_labels=on&_next={after}",
    "by id": "/investments/{by_id}.json",
}
UZ = "from_country = 'UZ' or to_country = 'UZ'"


def warm_up(servers, urls, path, captured, deep_key, by_id) -> None:
    """One request per server and URL first (routes, caches, pools), exports aside."""
    for name, url in urls.items():
        if name in EXPORTS:
            continue
        for server_name, server in measured(servers, name):
            target = server.base + url
            if server_name == "datasette":
                target = datasette_url(name, server, path, captured[url], deep_key, by_id)
            with urllib.request.urlopen(target, timeout=120) as response:
                response.read()


def datasette_url(name: str, server: Server, path: Path, found, after: int, by_id: int) -> str:
    if name in DATASETTE_TABLE:
        where = urllib.parse.quote(UZ)
        view = DATASETTE_TABLE[name].format(where=where, after=after, by_id=by_id)
        return f"{server.base}/{path.stem}{view}"
    sql, params = main_statement(found)
    query = {}
    for i, value in enumerate(params):
        sql = sql.replace("?", f":p{i}", 1)
        query[f"p{i}"] = value
    query["sql"] = sql
    return f"{server.base}/{path.stem}.json?{urllib.parse.urlencode(query)}"


def summarize(runs: dict) -> dict:
    summary = {}
    for server, items in runs.items():
        keys = [k for k in items[0] if isinstance(items[0][k], int | float)]
        summary[server] = {k: statistics.median(item[k] for item in items) for k in keys}
        if "rss_growth_mib" in items[0]:
            summary[server]["rss_growth_mib"] = max(item["rss_growth_mib"] for item in items)
    return summary


# --- report ----------------------------------------------------------------------------------


def _ratio(a, b) -> str:
    return f"{a / b:.2f}×" if a and b else "–"


def render(report: dict) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Run {report['started']}, {report['settings']['reps']} interleaved repetitions of "
        f"{report['settings']['duration_s']} s per measurement, wrk -t1 (16 connections; "
        f"1 for the aggregate), {report['settings']['cpus']} CPUs shared with the servers. "
        "Medians of the repetitions. A: the API (uvicorn, one worker), B: Datasette on the same "
        "file (`suggest_facets off`), C: the floor (the API's SQL, sqlite3 + orjson inline), "
        "D: fixed bytes, E: the API on PostgreSQL, F: the PostgreSQL floor (the API's SQL on "
        "PostgreSQL, psycopg + orjson inline). The list spread (equality … include=) runs on "
        "A, C, E and F only. The last column is the API's req/s over the server's: A's, but "
        "E's for F. Generated by `bench/run`; raw numbers in the JSON beside this.",
        "",
    ]
    for scale, results in report["scales"].items():
        lines += [f"## {scale}", ""]
        lines += [
            "| query | server | req/s | p50 ms | p99 ms | errors | API/server (req/s) |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for name, entry in results["queries"].items():
            if name in EXPORTS:
                continue
            summary = entry["summary"]
            for server, s in summary.items():
                api = summary.get("api-pg" if server == "floor-pg" else "api", {}).get("rps")
                lines.append(
                    f"| {name} | {server} | {s['rps']:.1f} | {s['p50_ms']:.2f} | "
                    f"{s['p99_ms']:.2f} | {s['errors']:.0f} | "
                    f"{'' if server == 'api' else _ratio(api, s['rps'])} |"
                )
        queries = results["queries"]
        lines += ["", "API over its floor (req/s), SQLite and PostgreSQL:", ""]
        for name, entry in queries.items():
            if name not in EXPORTS:
                summary = entry["summary"]
                ratios = [
                    _ratio(summary[api]["rps"], summary[floor]["rps"])
                    for floor, api in FLOORS.items()
                    if floor in summary and api in summary
                ]
                lines.append(f"- {name}: {' / '.join(ratios)}")
        if "list" in queries and "deep page" in queries:
            lines += ["", "Deep page over first page (p50, same server):", ""]
            for server in queries["list"]["summary"]:
                first = queries["list"]["summary"][server]["p50_ms"]
                deep = queries["deep page"]["summary"].get(server, {}).get("p50_ms")
                lines.append(f"- {server}: {_ratio(deep, first)}")
        aggregate = results["queries"].get("aggregate")
        if aggregate:
            lines += ["", "Aggregate p50 over the statement's own time (one connection):", ""]
            for db, raw in aggregate["raw_sql_ms"].items():
                server = "api" if db == "sqlite" else "api-pg"
                p50 = aggregate["summary"].get(server, {}).get("p50_ms")
                lines.append(f"- {db}: API p50 {p50} ms, raw SQL {raw} ms → {_ratio(p50, raw)}")
        for name in EXPORTS:
            export_entry = results["queries"].get(name)
            if not export_entry:
                continue
            lines += [
                "",
                f"| {name} | rows | s | rows/s | vs sqlite3 -csv | RSS growth MiB |",
                "|---|---:|---:|---:|---:|---:|",
            ]
            cli = export_entry["summary"]["sqlite3 -csv"]["rows_per_s"]
            for server, s in export_entry["summary"].items():
                lines.append(
                    f"| {server} | {s['rows']:.0f} | {s['seconds']:.2f} | {s['rows_per_s']:.0f} "
                    f"| {_ratio(s['rows_per_s'], cli)} | {s.get('rss_growth_mib', '–')} |"
                )
        lines += ["", f"### Plans ({scale})", ""]
        for name, entry in results["queries"].items():
            lines += [f"**{name}** `{results['urls'][name][:120]}`", ""]
            for i, sql in enumerate(entry["statements"]):
                lines += ["```sql", sql.strip(), "```", "SQLite:", "```"]
                lines += [entry["sqlite_plans"][i], "```"]
            for plan in entry.get("pg_plans", []):
                lines += ["PostgreSQL:", "```", plan, "```"]
            lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
