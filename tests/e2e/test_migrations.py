"""`pulse migrate` on fresh databases: concurrent runs on PostgreSQL, repeated runs on
SQLite, and `/readyz` refusing traffic until the schema is current."""

import asyncio
import os
import secrets
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from pulse.app import create_app
from pulse.db.migrate import head_revision
from tests.support.api import assert_error
from tests.support.environment import (
    POSTGRES_ADMIN_URL,
    PULSE_ENV,
    ROOT,
    asyncpg_dsn,
    create_postgres_database,
    drop_postgres_database,
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


@pytest.fixture
async def fresh_postgres() -> AsyncIterator[str]:
    """An empty PostgreSQL database, dropped afterwards."""
    assert POSTGRES_ADMIN_URL
    name = f"pulse_migrate_{secrets.token_hex(4)}"
    await create_postgres_database(POSTGRES_ADMIN_URL, name)
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(False)
    finally:
        await drop_postgres_database(POSTGRES_ADMIN_URL, name)


@pytest.mark.postgres_only
async def test_concurrent_migrations_on_postgres(fresh_postgres: str) -> None:
    error = assert_error(await readyz(fresh_postgres), 503, "service_unavailable")
    assert "pulse migrate" in error["message"]

    # The advisory lock queues them: one migrates, the others then find nothing to do.
    results = await migrate(fresh_postgres, processes=4)
    assert [code for code, _ in results] == [0] * 4, results
    assert all("current" in stderr for _, stderr in results), results

    conn = await asyncpg.connect(asyncpg_dsn(fresh_postgres))
    try:
        versions = await conn.fetch("SELECT version_num FROM alembic_version")
        employees = await conn.fetchval("SELECT to_regclass('public.employees')::text")
    finally:
        await conn.close()
    assert [row["version_num"] for row in versions] == [head_revision()]
    assert employees == "employees"
    assert (await readyz(fresh_postgres)).json() == {"status": "ok"}


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
