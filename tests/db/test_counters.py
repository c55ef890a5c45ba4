"""Row counters: kept by insert and delete triggers, inside the writing transaction."""

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.core.tenancy import Environment, Tenant
from pulse.db import counters
from pulse.db.queries import in_tenant
from pulse.db.session import reading, transaction
from pulse.db.tables import employees, metadata
from pulse.events.outbox import event_row
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


ROWS = 6
COUNTED = [metadata.tables[name] for name in sorted(counters.COUNTED)]


def _rows(table: Table, tenant: Tenant) -> list[dict[str, Any]]:
    """ROWS rows of `table` for `tenant`, each on a day (or week) of its own."""
    if table is employees:
        return [_employee(tenant) for _ in range(ROWS)]
    if table.name == "events":
        return [event_row(tenant, "employee.created", {}, fan_out=False) for _ in range(ROWS)]
    now = utcnow()
    owner = {"workspace_id": tenant.workspace_id, "environment": tenant.environment.value}
    rows = []
    for n in range(ROWS):
        day = date(2024, 1, 1) + timedelta(weeks=n)
        mine = {**owner, "created_at": now, "employee_id": "emp_counted"}
        if table.name == "status_log":
            row = {**mine, "id": new_id("sl"), "date": day, "lines": ["Counted."]}
        elif table.name == "workload_checkins":
            row = {**mine, "id": new_id("wl"), "week_start": day, "level": "balanced"}
        elif table.name == "leave":
            row = {
                **mine,
                "id": new_id("lv"),
                "kind": "vacation",
                "start_date": day,
                "end_date": day,
                "half_days": 2,
                "status": "approved",
            }
        elif table.name == "kudos":
            row = {
                **owner,
                "created_at": now,
                "id": new_id("kd"),
                "from_employee_id": "emp_giver",
                "to_employee_id": "emp_counted",
                "coins": 1,
                "tag": "teamwork",
            }
        else:
            raise AssertionError(f"no rows for {table.name}: add them here")
        rows.append(row)
    return rows


async def test_deletes_take_rows_off_every_count(engine: AsyncEngine) -> None:
    tenant = Tenant(new_id("ws"), Environment.test)
    # Rows of the same workspace's other environment and of another workspace, deleted
    # beside the tenant's: each loses only its own.
    neighbours = [
        Tenant(tenant.workspace_id, Environment.live),
        Tenant(new_id("ws"), Environment.test),
    ]
    everyone = [tenant, *neighbours]
    ids: dict[tuple[str, Tenant], list[str]] = {}
    async with transaction(engine) as conn:
        for table in COUNTED:
            for owner in everyone:
                rows = _rows(table, owner)
                await conn.execute(insert(table), rows)
                ids[table.name, owner] = [row["id"] for row in rows]

    # Two of the tenant's rows, one statement each.
    async with transaction(engine) as conn:
        for table in COUNTED:
            for row_id in ids[table.name, tenant][:2]:
                await conn.execute(
                    delete(table).where(*in_tenant(table, tenant), table.c.id == row_id)
                )
    # One statement: three more of the tenant's rows and one of each neighbour's, then
    # one that matches nothing.
    async with transaction(engine) as conn:
        for table in COUNTED:
            gone = ids[table.name, tenant][2:5] + [ids[table.name, n][0] for n in neighbours]
            assert (await conn.execute(delete(table).where(table.c.id.in_(gone)))).rowcount == 5
            await conn.execute(delete(table).where(table.c.id == "none_such"))

    async def failing_erasure() -> None:
        async with transaction(engine) as conn:
            for table in COUNTED:
                for owner in everyone:
                    await conn.execute(delete(table).where(*in_tenant(table, owner)))
            raise RuntimeError("the erasure fails after its deletes")

    with pytest.raises(RuntimeError):
        await failing_erasure()

    counted: dict[tuple[str, Tenant], int] = {}
    present: dict[tuple[str, Tenant], int] = {}
    async with reading(engine) as conn:
        for table in COUNTED:
            for owner in everyone:
                counted[table.name, owner] = await counters.total(conn, table, owner)
                query = select(func.count()).select_from(table).where(*in_tenant(table, owner))
                present[table.name, owner] = (await conn.execute(query)).scalar_one()
    assert counted == present
    assert present == {
        (table.name, owner): 1 if owner == tenant else ROWS - 1
        for table in COUNTED
        for owner in everyone
    }
