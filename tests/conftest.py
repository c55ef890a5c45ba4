"""Shared fixtures: a real database per run (SQLite file, or a fresh PostgreSQL database
when PULSE_TEST_POSTGRES_URL is set), the app in-process, and tenants with keys.

Each test makes its own workspace, so tenancy keeps tests apart without truncating.
"""

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.app import create_app
from pulse.core.tenancy import Environment, Tenant
from pulse.db.dialect import insert_rows
from pulse.db.migrate import upgrade
from pulse.db.session import transaction
from pulse.db.tables import events, webhook_deliveries
from pulse.employees import service as employees
from pulse.employees.schemas import EmployeeCreate
from pulse.keys import service as keys
from pulse.kit.clock import utcnow
from pulse.kit.principals import Principal
from pulse.settings import Settings
from pulse.workspaces import service as workspaces

POSTGRES_ADMIN_URL = os.environ.get("PULSE_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("PULSE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# CI sets this: a service that is down fails the run instead of skipping its tests.
REQUIRE_SERVICES = os.environ.get("PULSE_TEST_REQUIRE_SERVICES") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the tests of the other database's run (each runs in its own pass)."""
    other = "sqlite_only" if POSTGRES_ADMIN_URL else "postgres_only"
    kept = [item for item in items if item.get_closest_marker(other) is None]
    left_out = [item for item in items if item.get_closest_marker(other) is not None]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def pytest_report_header() -> str:
    backend = "postgresql" if POSTGRES_ADMIN_URL else "sqlite"
    return f"pulse test database: {backend}"


async def _create_pg_database(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(_asyncpg_dsn(admin_url))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def _drop_pg_database(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(_asyncpg_dsn(admin_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A new, migrated database for this run."""
    if POSTGRES_ADMIN_URL:
        name = f"pulse_test_{secrets.token_hex(4)}"
        asyncio.run(_create_pg_database(POSTGRES_ADMIN_URL, name))
        url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(False)
        upgrade(url)
        yield url
        asyncio.run(_drop_pg_database(POSTGRES_ADMIN_URL, name))
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'pulse.db'}"
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def is_postgres(database_url: str) -> bool:
    return database_url.startswith("postgresql")


def make_settings(database_url: str, **overrides: Any) -> Settings:
    # Tests revoke keys and change limits and expect that at once: no key cache unless
    # a test asks for one.
    return Settings(database_url=database_url, **{"key_cache_seconds": 0, **overrides})


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


@dataclass
class Api:
    """A client holding one API key of one tenant."""

    http: httpx.AsyncClient
    tenant: Tenant
    secret: str
    key_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return await self.http.request(method, path, headers=headers, **kwargs)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", path, **kwargs)

    async def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PATCH", path, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", path, **kwargs)

    async def create_employee(self, **fields: Any) -> dict[str, Any]:
        body = {"full_name": "Ada Lovelace", "start_date": "2024-01-15", **fields}
        response = await self.post("/v1/employees", json=body)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result


class Tenants:
    """Makes workspaces and keys straight through the services (as the CLI does)."""

    def __init__(self, engine: AsyncEngine, http: httpx.AsyncClient) -> None:
        self.engine = engine
        self.http = http

    async def workspace(self, name: str = "Acme", rate_limit: int | None = None) -> str:
        async with transaction(self.engine) as conn:
            row = await workspaces.create_workspace(conn, name, rate_limit)
        return str(row["id"])

    async def key(
        self,
        workspace_id: str,
        environment: Environment = Environment.test,
        scopes: tuple[str, ...] = ("*",),
        employee_id: str | None = None,
        expires_in_days: int | None = None,
    ) -> Api:
        tenant = Tenant(workspace_id, environment)
        async with transaction(self.engine) as conn:
            record, secret = await keys.create_key(
                conn,
                tenant,
                list(scopes),
                employee_id=employee_id,
                expires_in_days=expires_in_days,
            )
        return Api(self.http, tenant, secret, record["id"])

    async def new(
        self, scopes: tuple[str, ...] = ("*",), environment: Environment = Environment.test
    ) -> Api:
        return await self.key(await self.workspace(), environment, scopes)

    async def employee(self, tenant: Tenant, **fields: Any) -> str:
        """An employee created through the service, for tests of other keys."""
        data = EmployeeCreate.model_validate(
            {"full_name": "Grace Hopper", "start_date": "2023-03-01", **fields}
        )
        system = Principal("system", tenant, frozenset({"*"}), None, 0)
        async with transaction(self.engine) as db:
            plan = await employees.plan_employee(db, system, data)
            await insert_rows(db, plan.rows)
        return str(plan.answer["id"])


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


def assert_error(
    response: httpx.Response, status: int, code: str, fields: list[str] | None = None
) -> dict[str, Any]:
    """The response is the error envelope with this status, code (and fields)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "fields", "request_id"}, error
    assert error["code"] == code, error
    assert error["message"]
    assert error["request_id"] == response.headers["x-request-id"]
    assert error["request_id"].startswith("req_")
    if fields is not None:
        assert error["fields"] == fields, error
    result: dict[str, Any] = error
    return result


ROOT = Path(__file__).resolve().parent.parent
