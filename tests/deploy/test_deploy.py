"""Deployment without a container engine: the entry point script run as it is, on SQLite, and
the structure of the Dockerfile and compose.yaml. (`.ci/run` lints the Dockerfile with hadolint.)
"""

import json
import os
import re
import shutil
import signal
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import httpx
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.databases import memory_directory
from tests.servers import (
    FOUR_CLIENTS,
    Process,
    failed_token_answers,
    forwarding_env,
    free_port,
    server_env,
)

ROOT = Path(__file__).resolve().parents[2]
ENTRY_POINT = ROOT / "scripts" / "docker-entrypoint.sh"
RUNTIME_LOCK = ROOT / "requirements" / "runtime.txt"
DEV_LOCK = ROOT / "requirements" / "dev.txt"


class Launched(NamedTuple):
    process: Process
    base: str


@pytest.fixture(scope="module")
def launched(migrated_sqlite) -> Iterator[dict[str, Launched]]:
    """The three processes this module's tests watch, started at once, so their imports (and
    the entry point's migrate and seed steps) overlap instead of running one after another:
    the entry point serving with two workers, the entry point on a database it cannot migrate,
    and `kca serve` trusting a named proxy. Whatever is still running is stopped at the end."""
    directory = memory_directory()
    ports = {name: free_port() for name in ("entry", "failing", "serve")}
    envs = {
        # On a migrated copy, so its migrate step finds the schema at head (the entry point
        # migrating an empty database is tests/protection/test_server_limits.py's).
        "entry": server_env(
            directory,
            DATABASE_URL=migrated_sqlite(),
            SEED_ON_START="1",
            PORT=str(ports["entry"]),
            WORKERS="2",
        ),
        "failing": server_env(
            directory,
            DATABASE_URL="postgresql://nobody@127.0.0.1:1/none",
            PORT=str(ports["failing"]),
        ),
        "serve": forwarding_env(
            directory,
            DATABASE_URL=migrated_sqlite(),
            PORT=str(ports["serve"]),
            WORKERS="1",  # rate limits count in each worker's memory
            FORWARDED_ALLOW_IPS="127.0.0.1",
        ),
    }
    commands = {
        "entry": ["sh", str(ENTRY_POINT)],
        "failing": ["sh", str(ENTRY_POINT)],
        "serve": [sys.executable, "-m", "app", "serve"],
    }
    started: dict[str, Launched] = {}
    try:
        for name, command in commands.items():
            process = Process(command, envs[name], directory, name)
            started[name] = Launched(process, f"http://127.0.0.1:{ports[name]}")
        yield started
    finally:
        for each in started.values():
            each.process.stop()
        shutil.rmtree(directory)


@pytest.mark.slow  # a server of its own, as a separate process
def test_the_entry_point_migrates_seeds_and_serves_with_two_workers(launched):
    server, base = launched["entry"]
    try:
        server.wait_until_healthy(base)
        summits = [
            httpx.get(f"{base}/v1/summits", params={"country": "uz"}, timeout=10) for _ in range(6)
        ]
        for response in summits:
            assert response.status_code == 200
            assert "server" not in response.headers
        row = summits[0].json()["data"][0]
        assert (row["country_code"], row["count"], row["citation"]["paragraph"]) == ("UZ", 16, 8)
        traced = httpx.get(f"{base}/healthz", headers={"X-Request-ID": "deploy-1"})
        assert traced.headers["x-request-id"] == "deploy-1"
        # Both workers write into the shared metrics directory, so the count is exact whichever
        # worker answered each request and whichever answers the scrape.
        metrics = httpx.get(f"{base}/metrics", timeout=10).text
        line = 'kca_http_requests_total{method="GET",route="/v1/summits",status="200"} 6.0'
        assert line in metrics.splitlines()
    finally:
        # a graceful stop: uvicorn exits 0, or re-raises the SIGTERM once it has shut down
        assert server.stop() in (0, -signal.SIGTERM), server.logs()
    logs = server.logs()
    assert "Application shutdown complete" in logs
    assert "schema at head" in logs
    assert re.search(r"summits\s+inserted\s+5", logs)
    assert len(re.findall(r"Started server process", logs)) == 2  # two workers
    # uvicorn's own lines are JSON too
    started = [
        json.loads(line)
        for line in server.stderr.read_text().splitlines()
        if "Started server process" in line
    ]
    assert [(entry["logger"], entry["level"]) for entry in started] == [
        ("uvicorn.error", "INFO")
    ] * 2
    requests = [
        json.loads(line)
        for line in server.stderr.read_text().splitlines()
        if line.startswith("{") and '"logger":"app.access"' in line
    ]
    assert [r["route"] for r in requests].count("/v1/summits") == 6
    assert [(r["path"], r["status"]) for r in requests if r["request_id"] == "deploy-1"] == [
        ("/healthz", 200)
    ]
    # uvicorn's own access log is off, so each request is logged once, as JSON
    assert '"GET /v1/summits' not in logs


@pytest.mark.slow  # a server of its own, as a separate process
def test_the_entry_point_stops_when_migrating_fails(launched):
    failing = launched["failing"].process
    assert failing.process.wait(60) != 0
    assert "Started server process" not in failing.stderr.read_text()


def test_the_dockerfile_builds_a_small_non_root_image():
    lines = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    stages = [line for line in lines if line.startswith("FROM ")]
    assert stages == ["FROM python:3.11-slim AS build", "FROM python:3.11-slim"]
    final = lines[lines.index(stages[-1]) :]
    assert "USER 10001:10001" in final
    assert not any(re.search(r"apt-get|gcc|build-essential", line) for line in final)
    healthcheck = next(line for line in final if line.startswith("HEALTHCHECK"))
    assert healthcheck.endswith("\\")
    assert "/readyz" in final[final.index(healthcheck) + 1]
    assert final[-1] == 'ENTRYPOINT ["/srv/kca/scripts/docker-entrypoint.sh"]'
    assert os.access(ENTRY_POINT, os.X_OK)


def test_the_image_installs_the_runtime_lock_and_only_it():
    lines = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    build = lines[: lines.index("FROM python:3.11-slim")]
    assert "COPY requirements/runtime.txt ./" in build
    installs = [line for line in lines if "pip install" in line]
    assert installs == [
        "RUN /opt/venv/bin/pip install --require-hashes --only-binary :all: -r runtime.txt"
    ]
    assert not any("pyproject.toml" in line for line in lines)


def locked(path: Path) -> dict[str, str]:
    """Package name to version, for every requirement in a lock file; each carries hashes, and
    the file names no package source (a lock must install from whatever index a deployer uses)."""
    text = path.read_text()
    assert not re.search(r"^\s*(-i|--index-url|--extra-index-url|-f|--find-links)\b", text, re.M)
    assert "file:" not in text
    pins = {}
    for entry in re.split(r"\n(?=\S)", text):
        if entry.startswith("#"):
            continue
        requirement = Requirement(entry.split(" \\\n")[0])
        assert "--hash=sha256:" in entry, entry
        (pin,) = requirement.specifier
        assert pin.operator == "=="
        pins[canonicalize_name(requirement.name)] = pin.version
    return pins


def test_the_locks_pin_every_dependency_within_pyproject_ranges():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime, dev = locked(RUNTIME_LOCK), locked(DEV_LOCK)
    extras = project["optional-dependencies"]
    for lock, declared in (
        (runtime, project["dependencies"]),
        (dev, project["dependencies"] + extras["test"] + extras["bench"]),
    ):
        for line in declared:
            requirement = Requirement(line)
            version = lock[canonicalize_name(requirement.name)]  # locked, or run scripts/lock
            assert requirement.specifier.contains(version), (line, version)
    # the image runs the versions the suite ran
    assert {name: dev[name] for name in runtime} == runtime
    bootstrap = (ROOT / "scripts" / "bootstrap.sh").read_text()
    assert "pip install --quiet --require-hashes -r requirements/dev.txt" in bootstrap
    assert (
        "cat pyproject.toml requirements/dev.txt | sha256sum" in bootstrap
    )  # reinstalls on change


def test_compose_starts_the_api_only_when_its_services_are_healthy():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"api", "db", "redis"}
    api = services["api"]
    assert api["build"] == "."
    assert api["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    for name, service in services.items():
        assert service["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL"), name
    assert "/readyz" in " ".join(api["healthcheck"]["test"])
    assert "pg_isready" in services["db"]["healthcheck"]["test"][1]
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    environment = api["environment"]
    assert environment["DATABASE_URL"].startswith("postgresql://kca:")
    assert environment["DATABASE_URL"].endswith("@db:5432/kca")
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    assert environment["SEED_ON_START"] == "1"
    assert services["db"]["volumes"] == ["pgdata:/var/lib/postgresql/data"]
    assert compose["volumes"] == {"pgdata": None}


@pytest.mark.slow  # a server of its own, as a separate process
def test_x_forwarded_for_names_the_client_from_a_trusted_proxy(launched):
    """`kca serve` with FORWARDED_ALLOW_IPS (tests/protection/test_server_limits.py checks both
    servers without it trust no proxy)."""
    server, base = launched["serve"]
    server.wait_until_healthy(base)
    assert failed_token_answers(base) == FOUR_CLIENTS
