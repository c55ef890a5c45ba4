"""Fixtures of the end-to-end tests: real servers and workers, stopped after each test.

The run's one shared server (`server`) lives in tests/conftest.py.
"""

import signal
import subprocess
from collections.abc import Callable, Iterator

import pytest

from tests.support.servers import Server, start_server, start_worker


@pytest.fixture
def server_factory(database_url: str) -> Iterator[Callable[..., Server]]:
    """Start servers on demand; all are stopped when the test ends."""
    started: list[Server] = []

    def start(**kwargs: object) -> Server:
        server = start_server(database_url, **kwargs)  # type: ignore[arg-type]
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def worker_factory(database_url: str) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start delivery workers on demand; all are stopped when the test ends."""
    started: list[subprocess.Popen[bytes]] = []

    def start(**env: str) -> subprocess.Popen[bytes]:
        process = start_worker(database_url, env)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
