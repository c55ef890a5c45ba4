"""The fixtures every test may take: a real database per run (a SQLite file, or a fresh
PostgreSQL database when PULSE_TEST_POSTGRES_URL is set), the app in-process, a real
server on it, and tenants with keys. What they are made of lives in `tests/support`.

Each test makes its own workspace, so tenancy keeps tests apart without truncating.
"""

import asyncio
import secrets
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.app import create_app
from pulse.db.migrate import upgrade
from pulse.db.session import transaction
from pulse.db.tables import events, webhook_deliveries
from pulse.kit.clock import utcnow
from tests.support.api import Api, Tenants
from tests.support.environment import (
    DATABASE,
    POSTGRES_ADMIN_URL,
    create_postgres_database,
    drop_postgres_database,
    make_settings,
)
from tests.support.servers import Server, start_server


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the tests of the other database's run (each runs in its own pass)."""
    other = "sqlite_only" if POSTGRES_ADMIN_URL else "postgres_only"
    kept = [item for item in items if item.get_closest_marker(other) is None]
    left_out = [item for item in items if item.get_closest_marker(other) is not None]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def pytest_report_header() -> str:
    return f"pulse test database: {DATABASE}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A new, migrated database for this run."""
    if POSTGRES_ADMIN_URL:
        name = f"pulse_test_{secrets.token_hex(4)}"
        asyncio.run(create_postgres_database(POSTGRES_ADMIN_URL, name))
        url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(False)
        upgrade(url)
        yield url
        asyncio.run(drop_postgres_database(POSTGRES_ADMIN_URL, name))
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'pulse.db'}"
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def server(database_url: str) -> Iterator[Server]:
    """One real `pulse serve` for the whole run, for tests that only need "a real server"
    (the end-to-end and the browser tests)."""
    running = start_server(database_url)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def is_postgres(database_url: str) -> bool:
    return database_url.startswith("postgresql")


@pytest.fixture(scope="session")
async def app(database_url: str) -> AsyncIterator[FastAPI]:
    application = create_app(make_settings(database_url))
    yield application
    await application.state.runtime.engine.dispose()


@pytest.fixture(scope="session")
def engine(app: FastAPI) -> AsyncEngine:
    engine: AsyncEngine = app.state.runtime.engine
    return engine


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pulse.test") as http:
        yield http


@pytest.fixture
def tenants(engine: AsyncEngine, client: httpx.AsyncClient) -> Tenants:
    return Tenants(engine, client)


@pytest.fixture
async def api(tenants: Tenants) -> Api:
    """A fresh workspace with an all-scopes test key."""
    return await tenants.new()


@pytest.fixture
async def quiet_queue(engine: AsyncEngine) -> None:
    """Settle every other test's webhook work, so delivery tests see only their own.

    Workers serve all tenants from one queue; the records other tests left behind
    (endpoints at closed ports) would otherwise stand in line before this test's.
    """
    async with transaction(engine) as conn:
        await conn.execute(
            update(events).where(events.c.fanned_out_at.is_(None)).values(fanned_out_at=utcnow())
        )
        await conn.execute(
            update(webhook_deliveries)
            .where(webhook_deliveries.c.status == "pending")
            .values(status="failed", last_error="settled by the test setup", lease_expires_at=None)
        )
