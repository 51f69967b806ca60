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
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the server exited with {self.process.returncode}:\n{self.logs()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
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
