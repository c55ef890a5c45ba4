"""Real `pulse serve` and `pulse worker` processes on loopback, sharing the run's database."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import IO

import httpx

from tests.support.environment import LOOPBACK_TARGETS_ENV, PULSE_ENV, ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    # The server's stderr (its log), in a file: a pipe nobody reads would fill and
    # stall the server once it had logged a few hundred requests.
    stderr: IO[bytes]

    def log(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read().decode()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(
    database_url: str, *, workers: int = 1, env: dict[str, str] | None = None
) -> Server:
    """Start `pulse serve` and wait until /readyz answers 200.

    Its delivery loop is off unless `env` turns it on: the run's tests share one
    database, and a background loop would take other tests' deliveries.
    """
    port = free_port()
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 - read after the server stops
    process = subprocess.Popen(
        [sys.executable, "-m", "pulse", "serve", "--port", str(port), "--workers", str(workers)],
        cwd=ROOT,
        env={
            **os.environ,
            **PULSE_ENV,
            "PULSE_DATABASE_URL": database_url,
            "PULSE_DELIVERY_IN_PROCESS": "false",
            **LOOPBACK_TARGETS_ENV,
            **(env or {}),
        },
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    server = Server(f"http://127.0.0.1:{port}", process, stderr)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"pulse serve exited with {process.returncode}:\n{server.log()}")
        try:
            if httpx.get(f"{server.base_url}/readyz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError("pulse serve did not become ready within 30 s")


def start_worker(
    database_url: str, env: dict[str, str] | None = None, args: tuple[str, ...] = ()
) -> subprocess.Popen[bytes]:
    """A `pulse worker` process on the run's database (`args` added to the command)."""
    return subprocess.Popen(
        [sys.executable, "-m", "pulse", "worker", *args],
        cwd=ROOT,
        env={
            **os.environ,
            **PULSE_ENV,
            "PULSE_DATABASE_URL": database_url,
            **LOOPBACK_TARGETS_ENV,
            **(env or {}),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
