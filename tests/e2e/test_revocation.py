"""Revoking a key, its expiry and its employee leaving take effect from the next request,
in every process of a real `pulse serve --workers 2`."""

import asyncio
import os
import sys
from collections.abc import Callable
from datetime import timedelta

import httpx
from sqlalchemy import update

from pulse.db.session import transaction
from pulse.db.tables import api_keys
from pulse.kit.clock import utcnow
from tests.support.api import Tenants, assert_error
from tests.support.environment import ROOT
from tests.support.servers import Server

REQUESTS = 20


async def statuses(server: Server, secret: str) -> list[int]:
    """`REQUESTS` lists, each on a new connection, so both workers answer some."""
    fresh = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=server.base_url, limits=fresh) as http:
        answers = [
            await http.get("/v1/employees", headers={"Authorization": f"Bearer {secret}"})
            for _ in range(REQUESTS)
        ]
    for answer in answers:
        if answer.status_code == 401:
            assert_error(answer, 401, "unauthenticated")
    return [answer.status_code for answer in answers]


async def pulse_cli(database_url: str, *args: str) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "pulse",
        *args,
        cwd=ROOT,
        env={**os.environ, "PULSE_DATABASE_URL": database_url},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, stderr.decode()


async def test_a_key_revoked_with_the_cli_is_refused_by_every_worker_at_once(
    database_url: str, tenants: Tenants, server_factory: Callable[..., Server]
) -> None:
    server = server_factory(workers=2)
    api = await tenants.new()
    # Every worker has just accepted the key...
    assert await statuses(server, api.secret) == [200] * REQUESTS
    await pulse_cli(database_url, "keys", "revoke", api.key_id)
    # ...and refuses it from the next request on.
    assert await statuses(server, api.secret) == [401] * REQUESTS


async def test_a_key_whose_expiry_is_brought_forward_is_refused_at_once(
    tenants: Tenants, server_factory: Callable[..., Server]
) -> None:
    server = server_factory(workers=2)
    workspace = await tenants.workspace()
    api = await tenants.key(workspace, expires_in_days=30)
    assert await statuses(server, api.secret) == [200] * REQUESTS
    async with transaction(tenants.engine) as db:
        await db.execute(
            update(api_keys)
            .where(api_keys.c.id == api.key_id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    assert await statuses(server, api.secret) == [401] * REQUESTS


async def test_a_former_employees_key_is_refused_by_every_worker_at_once(
    tenants: Tenants, server_factory: Callable[..., Server]
) -> None:
    server = server_factory(workers=2)
    workspace = await tenants.workspace()
    admin = await tenants.key(workspace)
    employee = await tenants.employee(admin.tenant, start_date="2020-01-01")
    personal = await tenants.key(workspace, employee_id=employee)
    assert await statuses(server, personal.secret) == [200] * REQUESTS
    async with httpx.AsyncClient(base_url=server.base_url, headers=admin.headers) as http:
        offboarded = await http.delete(f"/v1/employees/{employee}")
    assert offboarded.status_code == 200, offboarded.text
    assert await statuses(server, personal.secret) == [401] * REQUESTS
