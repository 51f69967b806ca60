"""Command line: `kca migrate | seed | serve` (also `python -m app ...`)."""

import argparse
import sys
from pathlib import Path

from alembic import command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kca", description="Korea–Central Asia Relations API")
    commands = parser.add_subparsers(dest="command", required=True)

    migrate = commands.add_parser("migrate", help="upgrade the database schema")
    migrate.add_argument("revision", nargs="?", default="head", help="target (default: head)")
    downgrade = commands.add_parser("downgrade", help="downgrade the database schema")
    downgrade.add_argument("revision", help="target revision, or 'base' for an empty database")

    load = commands.add_parser("seed", help="load seeds/*.csv (idempotent, all-or-nothing)")
    load.add_argument("--dir", type=Path, default=None, help="seed directory (default: seeds/)")

    serve = commands.add_parser("serve", help="serve the API with uvicorn")
    serve.add_argument("--host", default=None, help="bind address (default: settings.host)")
    serve.add_argument("--port", type=int, default=None, help="port (default: settings.port)")
    serve.add_argument("--reload", action="store_true", help="restart on code changes")

    args = parser.parse_args(argv)
    return {"migrate": _migrate, "downgrade": _downgrade, "seed": _seed, "serve": _serve}[
        args.command
    ](args)


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


def _seed(args) -> int:
    from app.config import get_settings
    from app.db import make_engine
    from app.seeding import SEED_DIR, SeedError, seed

    try:
        report = seed(make_engine(get_settings().database_url), args.dir or SEED_DIR)
    except SeedError as error:
        print("seed rejected, nothing written:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    for table, count in report.inserted.items():
        print(
            f"{table:12} inserted {count:3}  updated {report.updated[table]:3}  "
            f"unchanged {report.unchanged[table]:3}"
        )
    return 0


def _serve(args) -> int:
    import uvicorn

    from app.config import get_settings

    settings = get_settings()
    uvicorn.run(
        "app.main:app",
        host=args.host or settings.host,
        port=args.port or settings.port,
        reload=args.reload,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
