"""Row counters: kept by insert triggers, inside the inserting transaction."""

import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.core.tenancy import Environment, Tenant
from pulse.db import counters
from pulse.db.session import reading, transaction
from pulse.db.tables import employees
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id


def _employee(tenant: Tenant) -> dict[str, object]:
    now = utcnow()
    return {
        "workspace_id": tenant.workspace_id,
        "environment": tenant.environment.value,
        "id": new_id("emp"),
        "full_name": "Counted",
        "start_date": now.date(),
        "custom_fields": {},
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }


async def _total(engine: AsyncEngine, tenant: Tenant) -> int:
    async with reading(engine) as conn:
        return await counters.total(conn, employees, tenant)


async def test_counts_commit_with_their_rows_and_vanish_with_a_rollback(
    engine: AsyncEngine,
) -> None:
    tenant = Tenant(new_id("ws"), Environment.test)
    async with transaction(engine) as conn:
        for _ in range(3):
            await conn.execute(insert(employees), _employee(tenant))
    assert await _total(engine, tenant) == 3

    async def failing_change() -> None:
        async with transaction(engine) as conn:
            await conn.execute(insert(employees), _employee(tenant))
            raise RuntimeError("the change fails after its insert")

    with pytest.raises(RuntimeError):
        await failing_change()
    assert await _total(engine, tenant) == 3

    # The pooled connection that rolled back carries nothing into its next transaction.
    for _ in range(5):
        async with transaction(engine) as conn:
            await conn.execute(insert(employees), _employee(tenant))
    assert await _total(engine, tenant) == 8
