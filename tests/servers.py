"""Servers started as separate processes by tests (the entry point, `kca serve`), on free
ports, stopped and waited for at the end."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.protection.ratelimit import WINDOW

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Process:
    """A server process group started by a test, stopped (and waited for) at the end."""

    def __init__(self, command: list[str], env: dict, log_dir: Path, name: str) -> None:
        self.stdout = log_dir / f"{name}.out"
        self.stderr = log_dir / f"{name}.err"
        with self.stdout.open("wb") as out, self.stderr.open("wb") as err:
            self.process = subprocess.Popen(
                command, env=env, cwd=ROOT, stdout=out, stderr=err, start_new_session=True
            )

    def wait_until_healthy(self, base: str, seconds: float = 90) -> None:
        """Polls /healthz often, through one client: a client made for each poll (with its TLS
        context) costs far more CPU, taken from the server that is starting."""
        deadline = time.monotonic() + seconds
        with httpx.Client(timeout=2) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    pytest.fail(f"the server exited with {self.process.returncode}:\n{self.logs()}")
                try:
                    if client.get(f"{base}/healthz").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        pytest.fail(f"the server did not answer /healthz in {seconds} s:\n{self.logs()}")

    def logs(self) -> str:
        return self.stdout.read_text(errors="replace") + self.stderr.read_text(errors="replace")

    def stop(self) -> int:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        return self.process.returncode


def server_env(tmp_path: Path, **values) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROMETHEUS_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(
        HOST="127.0.0.1",
        TMPDIR=str(tmp_path),
        RATE_LIMIT_READS="0",
        LOG_LEVEL="INFO",
    )
    env.pop("REDIS_URL", None)
    env.pop("DATABASE_READ_URL", None)
    env.update(values)
    return env


# Failed token attempts count per client. A local client naming a new address in
# X-Forwarded-For for each attempt is still one client unless FORWARDED_ALLOW_IPS trusts its
# address as a proxy's (then each named address counts on its own).
ONE_CLIENT = [401, 401, 429, 429]
FOUR_CLIENTS = [401, 401, 401, 401]
ATTEMPTS_TAKE = 3.0
"""Seconds the four attempts are given (they take well under one): with less of the rate-limit
minute left, they wait for the next."""


def forwarding_env(tmp_path: Path, **values) -> dict:
    """A server's environment for `failed_token_answers`: two failed token attempts a minute
    per client, and no proxy trusted unless `values` name one."""
    env = server_env(tmp_path, RATE_LIMIT_WRITES="100", RATE_LIMIT_AUTH_FAILURES="2")
    env.pop("FORWARDED_ALLOW_IPS", None)
    env.update(values)
    return env


def failed_token_answers(base: str) -> list[int]:
    """The statuses of four writes with a bad token, each naming a new X-Forwarded-For, all in
    one clock-aligned rate-limit minute: split by a new minute, four clients counted as one
    would pass for four. Attempts that did straddle one are made again at the next minute's
    start (the minute they ended in holds some of them)."""
    bad = "Bearer kca_1_" + "x" * 40
    while True:
        if time.time() % WINDOW > WINDOW - ATTEMPTS_TAKE:
            _sleep_to_next_window()
        window = time.time() // WINDOW
        answers = [
            httpx.post(
                f"{base}/v1/summits",
                json={},
                headers={"Authorization": bad, "X-Forwarded-For": f"203.0.113.{n}"},
                timeout=10,
            ).status_code
            for n in range(4)
        ]
        if time.time() // WINDOW == window:
            return answers
        _sleep_to_next_window()


def _sleep_to_next_window() -> None:
    time.sleep(WINDOW - time.time() % WINDOW + 0.01)
