"""`pulse migrate` on fresh databases: repeated runs on SQLite, and `/readyz` refusing
traffic until the schema is current. Concurrent runs on PostgreSQL, as several
processes of a deploy start them, are a scale-out proof (test_scale_out.py)."""

import asyncio
import os
import sys
from pathlib import Path

import httpx
import pytest

from pulse.app import create_app
from tests.support.api import assert_error
from tests.support.environment import (
    PULSE_ENV,
    ROOT,
    make_settings,
)


async def migrate(database_url: str, processes: int = 1) -> list[tuple[int, str]]:
    """Run `pulse migrate` in `processes` processes started at once; (exit code, stderr)."""
    started = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "pulse",
            "migrate",
            cwd=ROOT,
            env={**os.environ, **PULSE_ENV, "PULSE_DATABASE_URL": database_url},
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(processes)
    ]
    results = []
    for process in started:
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
        assert process.returncode is not None
        results.append((process.returncode, stderr.decode()))
    return results


async def readyz(database_url: str) -> httpx.Response:
    """`GET /readyz` of an app of its own on `database_url`."""
    app = create_app(make_settings(database_url))
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://pulse.test") as http:
            return await http.get("/readyz")
    finally:
        await app.state.runtime.engine.dispose()


@pytest.mark.sqlite_only
async def test_migrate_twice_on_a_new_sqlite_file(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'new.db'}"
    error = assert_error(await readyz(database_url), 503, "service_unavailable")
    assert "pulse migrate" in error["message"]

    for _ in range(2):
        [(code, stderr)] = await migrate(database_url)
        assert code == 0, stderr
    assert (await readyz(database_url)).json() == {"status": "ok"}


async def test_readyz_when_the_database_is_unreachable(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'no-such-dir' / 'pulse.db'}"
    error = assert_error(await readyz(database_url), 503, "service_unavailable")
    assert "unreachable" in error["message"]
