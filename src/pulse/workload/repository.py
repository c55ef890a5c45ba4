"""SQL of workload check-ins."""

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.db.tables import workload_checkins
from pulse.kit.tenancy import Tenant
from pulse.workload.schemas import WorkloadCheckinFilters


def _in_tenant(tenant: Tenant) -> list[ColumnElement[bool]]:
    return [
        workload_checkins.c.workspace_id == tenant.workspace_id,
        workload_checkins.c.environment == tenant.environment.value,
    ]


async def insert_checkin(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(insert(workload_checkins).values(**row))


async def get_checkin(
    conn: AsyncConnection, tenant: Tenant, checkin_id: str
) -> dict[str, Any] | None:
    query = select(workload_checkins).where(
        *_in_tenant(tenant), workload_checkins.c.id == checkin_id
    )
    row = (await conn.execute(query)).mappings().first()
    return dict(row) if row else None


async def checkin_exists(
    conn: AsyncConnection, tenant: Tenant, employee_id: str, week_start: date
) -> bool:
    query = select(workload_checkins.c.id).where(
        *_in_tenant(tenant),
        workload_checkins.c.employee_id == employee_id,
        workload_checkins.c.week_start == week_start,
    )
    return (await conn.execute(query)).first() is not None


def _filters(tenant: Tenant, filters: WorkloadCheckinFilters) -> list[ColumnElement[bool]]:
    conditions = _in_tenant(tenant)
    if filters.employee_id is not None:
        conditions.append(workload_checkins.c.employee_id == filters.employee_id)
    if filters.level is not None:
        conditions.append(workload_checkins.c.level == filters.level.value)
    if filters.week_from is not None:
        conditions.append(workload_checkins.c.week_start >= filters.week_from)
    if filters.week_to is not None:
        conditions.append(workload_checkins.c.week_start <= filters.week_to)
    return conditions


async def list_checkins(
    conn: AsyncConnection,
    tenant: Tenant,
    filters: WorkloadCheckinFilters,
    *,
    after_id: str | None,
    limit: int,
) -> list[dict[str, Any]]:
    conditions = _filters(tenant, filters)
    if after_id is not None:
        conditions.append(workload_checkins.c.id > after_id)
    query = (
        select(workload_checkins).where(*conditions).order_by(workload_checkins.c.id).limit(limit)
    )
    return [dict(row) for row in (await conn.execute(query)).mappings()]


async def count_checkins(
    conn: AsyncConnection, tenant: Tenant, filters: WorkloadCheckinFilters
) -> int:
    query = select(func.count()).select_from(workload_checkins).where(*_filters(tenant, filters))
    return int((await conn.execute(query)).scalar_one())
