"""Command line: `kca migrate | downgrade | seed | export-seeds | token | serve` (also
`python -m app ...`)."""

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path

from alembic import command

SERVER_PROTOCOL = "app.protection.server:LimitedHttpToolsProtocol"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kca", description="Korea–Central Asia Relations API")
    commands = parser.add_subparsers(dest="command", required=True)

    migrate = commands.add_parser("migrate", help="upgrade the database schema")
    migrate.add_argument("revision", nargs="?", default="head", help="target (default: head)")
    downgrade = commands.add_parser("downgrade", help="downgrade the database schema")
    downgrade.add_argument("revision", help="target revision, or 'base' for an empty database")

    load = commands.add_parser("seed", help="load seeds/*.csv (idempotent, all-or-nothing)")
    load.add_argument("--dir", type=Path, default=None, help="seed directory (default: seeds/)")
    load.add_argument(
        "--prune",
        action="store_true",
        help="also delete the rows the files do not hold (default: only list them)",
    )

    export = commands.add_parser("export-seeds", help="write the database as seed files")
    export.add_argument("dir", type=Path, help="directory to write the CSV files into")

    token = commands.add_parser("token", help="manage curator tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", help="create a token and print it once")
    create.add_argument("--name", required=True, help="who or what the token is for")
    create.add_argument("--read-only", action="store_true", help="may read, never write")
    token_commands.add_parser("list", help="list tokens (names, never values)")
    revoke = token_commands.add_parser("revoke", help="revoke a token by name")
    revoke.add_argument("name")

    synth = commands.add_parser("synth", help="add synthetic benchmark rows (bulk, reproducible)")
    synth.add_argument("--visits", type=int, default=0, help="visits to add")
    synth.add_argument("--investments", type=int, default=0, help="money figures to add")
    synth.add_argument("--projects", type=int, default=0, help="projects to add")
    synth.add_argument("--seed", type=int, default=1, help="random seed (same seed, same rows)")

    serve = commands.add_parser("serve", help="serve the API with uvicorn")
    serve.add_argument("--host", default=None, help="bind address (default: settings.host)")
    serve.add_argument("--port", type=int, default=None, help="port (default: settings.port)")
    serve.add_argument("--reload", action="store_true", help="restart on code changes")
    serve.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: WORKERS, 1)"
    )

    args = parser.parse_args(argv)
    handlers = {
        "migrate": _migrate,
        "downgrade": _downgrade,
        "seed": _seed,
        "export-seeds": _export_seeds,
        "token": _token,
        "synth": _synth,
        "serve": _serve,
    }
    return handlers[args.command](args)


def _engine():
    from app.config import get_settings
    from app.db import make_engine

    return make_engine(get_settings().database_url)


def _export_seeds(args) -> int:
    from app.export.tables import write_table
    from app.progress import progress
    from app.seeding import SEED_TABLES

    args.dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    with _engine().connect() as connection, progress("exporting", len(SEED_TABLES)) as bar:
        for spec in SEED_TABLES:
            with (args.dir / spec.file_name).open("wb") as handle:
                counts[spec.file_name] = write_table(connection, spec, handle)
            bar.advance()
    for file_name, count in counts.items():
        print(f"{file_name:18} {count:7} rows")
    return 0


def _token(args) -> int:
    from app.curation.tokens import create_token, list_tokens, revoke_token

    with _engine().begin() as connection:
        if args.token_command == "create":
            try:
                token = create_token(connection, args.name, args.read_only)
            except ValueError as error:
                print(f"token not created: {error}", file=sys.stderr)
                return 1
            print(token)
            print("Store it now: only its hash is kept.", file=sys.stderr)
        elif args.token_command == "list":
            for row in list_tokens(connection):
                state = "revoked" if row["revoked_at"] else "active"
                access = "read-only" if row["read_only"] else "read-write"
                print(
                    f"{row['name']:30} {access:10} {state:8} created {row['created_at']:%Y-%m-%d}"
                )
        elif not revoke_token(connection, args.name):
            print(f"no active token named {args.name!r}", file=sys.stderr)
            return 1
    return 0


def _migrate(args) -> int:
    from app.config import get_settings
    from app.health import alembic_config

    command.upgrade(alembic_config(get_settings().database_url), args.revision)
    print(f"schema at {args.revision}")
    return 0


def _downgrade(args) -> int:
    from app.config import get_settings
    from app.health import alembic_config

    command.downgrade(alembic_config(get_settings().database_url), args.revision)
    print(f"schema at {args.revision}")
    return 0


LISTED_KEYS = 20
"""Keys `kca seed` lists per table (a synthetic benchmark database has millions)."""


def _seed(args) -> int:
    from app.progress import progress
    from app.seeding import SEED_DIR, SEED_STEPS, SeedError, seed

    try:
        with progress("seeding", SEED_STEPS) as bar:
            report = seed(_engine(), args.dir or SEED_DIR, bar=bar, prune=args.prune)
    except SeedError as error:
        print("seed rejected, nothing written:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    for table, count in report.inserted.items():
        print(
            f"{table:12} inserted {count:3}  updated {report.updated[table]:3}  "
            f"unchanged {report.unchanged[table]:3}  deleted {report.deleted[table]:3}"
        )
    missing = {table: report.missing[table] for table in report.inserted if report.missing[table]}
    if missing:
        print(
            "deleted, not in the seed files:"
            if args.prune
            else "kept, not in the seed files (--prune deletes them):"
        )
        for table, keys in missing.items():
            listed = ", ".join(str(key) for key in keys[:LISTED_KEYS])
            more = f" … ({len(keys)} in all)" if len(keys) > LISTED_KEYS else ""
            print(f"  {table}: {listed}{more}")
    return 0


def _synth(args) -> int:
    from app.synth.load import synth

    counts = {"visits": args.visits, "investments": args.investments, "projects": args.projects}
    if any(n < 0 for n in counts.values()):
        print("synth: counts must not be negative", file=sys.stderr)
        return 2
    from app.progress import progress

    done: dict[str, int] = {}

    def advance(table: str, rows: int) -> None:
        bar.advance(rows - done.get(table, 0))
        done[table] = rows

    try:
        with progress("synth", sum(counts.values())) as bar:
            report = synth(_engine(), seed=args.seed, progress=advance, **counts)
    except ValueError as error:
        print(f"synth: {error}", file=sys.stderr)
        return 1
    for table, count in report.rows.items():
        print(f"{table:12} added {count:9}")
    print(
        f"{report.total} rows and {report.documents} search documents in {report.seconds:.1f} s "
        f"({report.rows_per_second:,.0f} rows/s); dataset version {report.version}"
    )
    return 0


def _serve(args) -> int:
    import uvicorn

    from app.config import get_settings
    from app.observability.logs import UVICORN_LOG_CONFIG

    settings = get_settings()
    workers = settings.workers if args.workers is None else args.workers
    if workers < 1 or (args.reload and workers > 1):
        print("serve: --workers must be 1 or more, and 1 with --reload", file=sys.stderr)
        return 2
    with contextlib.ExitStack() as stack:
        if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            # Workers write their metrics to files here, so /metrics sums them all.
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = stack.enter_context(
                tempfile.TemporaryDirectory(prefix="kca-metrics-")
            )
        uvicorn.run(
            "app.main:app",
            host=args.host or settings.host,
            port=args.port or settings.port,
            reload=args.reload,
            workers=workers,
            server_header=False,
            http=SERVER_PROTOCOL,  # limits on request heads: see app/protection/server.py
            timeout_keep_alive=settings.keep_alive_timeout,
            access_log=False,  # the application logs one JSON line per request itself
            log_config=str(UVICORN_LOG_CONFIG),
            log_level=settings.log_level.lower(),
            proxy_headers=bool(settings.forwarded_allow_ips),
            forwarded_allow_ips=settings.forwarded_allow_ips or None,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
