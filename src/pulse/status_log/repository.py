"""SQL of the status log."""

from typing import Any

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.db.tables import status_log
from pulse.kit.tenancy import Tenant
from pulse.status_log.schemas import StatusLogFilters


def _in_tenant(tenant: Tenant) -> list[ColumnElement[bool]]:
    return [
        status_log.c.workspace_id == tenant.workspace_id,
        status_log.c.environment == tenant.environment.value,
    ]


async def insert_entry(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(insert(status_log).values(**row))


async def get_entry(conn: AsyncConnection, tenant: Tenant, entry_id: str) -> dict[str, Any] | None:
    query = select(status_log).where(*_in_tenant(tenant), status_log.c.id == entry_id)
    row = (await conn.execute(query)).mappings().first()
    return dict(row) if row else None


async def entry_exists(conn: AsyncConnection, tenant: Tenant, employee_id: str, day: Any) -> bool:
    query = select(status_log.c.id).where(
        *_in_tenant(tenant), status_log.c.employee_id == employee_id, status_log.c.date == day
    )
    return (await conn.execute(query)).first() is not None


def _filters(tenant: Tenant, filters: StatusLogFilters) -> list[ColumnElement[bool]]:
    conditions = _in_tenant(tenant)
    if filters.employee_id is not None:
        conditions.append(status_log.c.employee_id == filters.employee_id)
    if filters.date_from is not None:
        conditions.append(status_log.c.date >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(status_log.c.date <= filters.date_to)
    if filters.topic is not None:
        conditions.append(status_log.c.topic == filters.topic)
    return conditions


async def list_entries(
    conn: AsyncConnection,
    tenant: Tenant,
    filters: StatusLogFilters,
    *,
    after_id: str | None,
    limit: int,
) -> list[dict[str, Any]]:
    conditions = _filters(tenant, filters)
    if after_id is not None:
        conditions.append(status_log.c.id > after_id)
    query = select(status_log).where(*conditions).order_by(status_log.c.id).limit(limit)
    return [dict(row) for row in (await conn.execute(query)).mappings()]


async def count_entries(conn: AsyncConnection, tenant: Tenant, filters: StatusLogFilters) -> int:
    query = select(func.count()).select_from(status_log).where(*_filters(tenant, filters))
    return int((await conn.execute(query)).scalar_one())
