"""Dropped connections heal at once (PostgreSQL).

PostgreSQL drops connections on a restart, a failover, an idle-connection kill or a
pooler restart; `pg_terminate_backend` on the server's own connections does the same
here. No read fails for it; a write answers 503 with Retry-After, nothing
half-written and its Idempotency-Key free; while the database cannot be reached at
all, every answer is 503, and the API recovers by itself once it can.
"""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import literal, select, text
from sqlalchemy.engine import make_url

from pulse.app import create_app
from pulse.db.queries import fetch_by_id
from pulse.db.session import DatabaseUnavailable, Session
from pulse.db.tables import employees
from tests.support.api import Api, Tenants, assert_error
from tests.support.environment import make_settings
from tests.support.postgres import kill
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres_only


async def backend_pid(db: Session) -> int:
    return int((await db.execute(text("SELECT pg_backend_pid()"))).scalar_one())


@pytest.fixture
async def own_app(database_url: str, api: Api) -> AsyncIterator[Api]:
    """The API on an engine of its own (a pool of 3), under `api`'s key."""
    app = create_app(make_settings(database_url, database_pool_size=3))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pulse.test") as http:
        yield Api(http, api.tenant, api.secret, api.key_id)
    await app.state.runtime.engine.dispose()


async def read_everything(api: Api, employee_id: str) -> list[int]:
    paths = [
        "/v1/employees",
        f"/v1/employees/{employee_id}",
        "/v1/employees?status=active",
        f"/v1/leave/balance/{employee_id}",
        "/v1/status-log",
    ]
    return [(await api.get(path)).status_code for path in paths]


async def test_no_read_fails_after_every_connection_is_terminated(
    own_app: Api, database_url: str
) -> None:
    employee = await own_app.create_employee(start_date="2020-01-01")
    # Fill the pool, so that every pooled connection is one that will be killed.
    await asyncio.gather(*(own_app.get("/v1/employees") for _ in range(6)))
    assert await kill(database_url) >= 3
    assert await read_everything(own_app, employee["id"]) == [200] * 5  # at once
    await asyncio.gather(*(own_app.get("/v1/employees") for _ in range(6)))
    assert await kill(database_url) >= 3
    await asyncio.sleep(0.2)  # and once asyncpg has seen them close
    assert await read_everything(own_app, employee["id"]) == [200] * 5


async def test_a_read_whose_connection_dies_between_statements_runs_again(
    tenants: Tenants, api: Api, database_url: str
) -> None:
    employee = await api.create_employee()
    db = Session(tenants.engine)
    try:
        # Through SQLAlchemy, then on the driver connection (a prepared lookup).
        for read in (
            lambda: db.execute(select(literal(1))),
            lambda: fetch_by_id(db, employees, api.tenant, employee["id"]),
        ):
            assert await kill(database_url, await backend_pid(db)) == 1
            assert await read() is not None
            await asyncio.sleep(0.2)
            assert await kill(database_url, await backend_pid(db)) == 1
            await asyncio.sleep(0.2)
            assert await read() is not None
    finally:
        await db.close()


async def test_a_transaction_whose_connection_dies_is_unavailable(
    tenants: Tenants, database_url: str
) -> None:
    db = Session(tenants.engine)
    db.begin()
    try:
        assert await kill(database_url, await backend_pid(db)) == 1
        with pytest.raises(DatabaseUnavailable) as raised:
            await db.execute(select(literal(1)))
        assert raised.value.retry_after == 1
    finally:
        await db.close()


async def unavailable_then_retried(
    api: Api, path: str, body: dict[str, Any], patched: pytest.MonkeyPatch
) -> None:
    """The create at `path` answers 503 with Retry-After while `patched` stays, writes
    nothing, and its retry with the same key is carried out afresh once it is undone."""
    headers = {"Idempotency-Key": f"dies-{path}"}
    failed = await api.post(path, json=body, headers=headers)
    assert_error(failed, 503, "service_unavailable")
    assert failed.headers["retry-after"] == "1"
    assert (await api.get(path)).json()["total_count"] == 0
    patched.undo()
    retried = await api.post(path, json=body, headers=headers)
    assert retried.status_code == 201, retried.text
    assert "idempotent-replayed" not in retried.headers
    assert (await api.get(path)).json()["total_count"] == 1


async def test_a_write_that_meets_a_dead_connection_is_503_and_its_key_stays_free(
    api: Api, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    giver = await api.create_employee(start_date="2020-01-01")
    receiver = await api.create_employee(full_name="Grace Hopper", start_date="2020-01-01")
    from pulse.kudos import service

    check = service._require_allowance_left

    async def dies_midway(db: Session, *args: Any) -> None:
        # The claim is written; then the server kills this very connection.
        await db.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        await check(db, *args)

    body = {
        "from_employee_id": giver["id"],
        "to_employee_id": receiver["id"],
        "coins": 3,
        "tag": "craft",
    }
    with monkeypatch.context() as patched:
        patched.setattr(service, "_require_allowance_left", dies_midway)
        await unavailable_then_retried(api, "/v1/kudos", body, patched)


async def test_a_create_whose_one_statement_meets_a_dead_connection_is_503(
    api: Api, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    employee = await api.create_employee(start_date="2020-01-01")
    from pulse.status_log import service

    plan_entry = service.plan_entry

    async def connection_dies_after_planning(db: Session, *args: Any) -> Any:
        plan = await plan_entry(db, *args)
        await kill(database_url, await backend_pid(db))
        await asyncio.sleep(0.2)
        return plan

    body = {"employee_id": employee["id"], "lines": ["Shipped."], "date": "2024-05-06"}
    with monkeypatch.context() as patched:
        patched.setattr(service, "plan_entry", connection_dies_after_planning)
        await unavailable_then_retried(api, "/v1/status-log", body, patched)


async def test_while_the_database_is_down_every_answer_is_503_and_then_it_recovers(
    database_url: str, api: Api
) -> None:
    employee = await api.create_employee(start_date="2020-01-01")
    url = make_url(database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    app = create_app(
        make_settings(url.set(port=proxy.port).render_as_string(False), database_pool_size=3)
    )
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://pulse.test") as http:
            through = Api(http, api.tenant, api.secret, api.key_id)
            assert await read_everything(through, employee["id"]) == [200] * 5
            await proxy.stop()
            for answer in [
                await through.get("/v1/employees"),
                await through.get(f"/v1/employees/{employee['id']}"),
                await through.post(
                    "/v1/employees", json={"full_name": "Down", "start_date": "2024-01-01"}
                ),
                await through.patch(f"/v1/employees/{employee['id']}", json={"role": "Down"}),
            ]:
                assert_error(answer, 503, "service_unavailable")
                assert answer.headers["retry-after"] == "1"
            assert (await http.get("/readyz")).status_code == 503
            await proxy.start()
            assert await read_everything(through, employee["id"]) == [200] * 5
            created = await through.post(
                "/v1/employees", json={"full_name": "Back", "start_date": "2024-01-01"}
            )
            assert created.status_code == 201
    finally:
        await proxy.stop()
        await app.state.runtime.engine.dispose()
