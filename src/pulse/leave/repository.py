"""SQL of the leave journal."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.db.tables import leave
from pulse.kit.tenancy import Tenant
from pulse.leave.schemas import LeaveFilters, LeaveStatus


def _in_tenant(tenant: Tenant) -> list[ColumnElement[bool]]:
    return [
        leave.c.workspace_id == tenant.workspace_id,
        leave.c.environment == tenant.environment.value,
    ]


async def insert_leave(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(insert(leave).values(**row))


async def get_leave(
    conn: AsyncConnection, tenant: Tenant, leave_id: str, *, for_update: bool = False
) -> dict[str, Any] | None:
    query = select(leave).where(*_in_tenant(tenant), leave.c.id == leave_id)
    if for_update:
        query = query.with_for_update()
    row = (await conn.execute(query)).mappings().first()
    return dict(row) if row else None


async def logged_between(
    conn: AsyncConnection, tenant: Tenant, employee_id: str, first: date, last: date
) -> list[dict[str, Any]]:
    """The employee's logged (not cancelled) leave touching the days first..last."""
    query = (
        select(leave)
        .where(
            *_in_tenant(tenant),
            leave.c.employee_id == employee_id,
            leave.c.status == LeaveStatus.logged.value,
            leave.c.start_date <= last,
            leave.c.end_date >= first,
        )
        .order_by(leave.c.start_date)
    )
    return [dict(row) for row in (await conn.execute(query)).mappings()]


async def cancel_leave(conn: AsyncConnection, tenant: Tenant, leave_id: str, at: datetime) -> None:
    await conn.execute(
        update(leave)
        .where(*_in_tenant(tenant), leave.c.id == leave_id)
        .values(status=LeaveStatus.cancelled.value, cancelled_at=at)
    )


def _filters(tenant: Tenant, filters: LeaveFilters) -> list[ColumnElement[bool]]:
    conditions = _in_tenant(tenant)
    if filters.employee_id is not None:
        conditions.append(leave.c.employee_id == filters.employee_id)
    if filters.kind is not None:
        conditions.append(leave.c.kind == filters.kind.value)
    if filters.status is not None:
        conditions.append(leave.c.status == filters.status.value)
    if filters.from_ is not None:
        conditions.append(leave.c.end_date >= filters.from_)
    if filters.to is not None:
        conditions.append(leave.c.start_date <= filters.to)
    return conditions


async def list_leave(
    conn: AsyncConnection,
    tenant: Tenant,
    filters: LeaveFilters,
    *,
    after_id: str | None,
    limit: int,
) -> list[dict[str, Any]]:
    conditions = _filters(tenant, filters)
    if after_id is not None:
        conditions.append(leave.c.id > after_id)
    query = select(leave).where(*conditions).order_by(leave.c.id).limit(limit)
    return [dict(row) for row in (await conn.execute(query)).mappings()]


async def count_leave(conn: AsyncConnection, tenant: Tenant, filters: LeaveFilters) -> int:
    query = select(func.count()).select_from(leave).where(*_filters(tenant, filters))
    return int((await conn.execute(query)).scalar_one())
