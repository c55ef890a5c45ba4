"""SQL of kudos."""

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.db.tables import kudos
from pulse.kit.tenancy import Tenant
from pulse.kudos.schemas import KudosFilters


def _in_tenant(tenant: Tenant) -> list[ColumnElement[bool]]:
    return [
        kudos.c.workspace_id == tenant.workspace_id,
        kudos.c.environment == tenant.environment.value,
    ]


async def insert_kudos(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(insert(kudos).values(**row))


async def get_kudos(conn: AsyncConnection, tenant: Tenant, kudos_id: str) -> dict[str, Any] | None:
    query = select(kudos).where(*_in_tenant(tenant), kudos.c.id == kudos_id)
    row = (await conn.execute(query)).mappings().first()
    return dict(row) if row else None


async def coins_given_between(
    conn: AsyncConnection, tenant: Tenant, giver_id: str, start: datetime, end: datetime
) -> int:
    """Coins `giver_id` gave in kudos created in [start, end) (served by ix_kudos_giver)."""
    query = select(func.coalesce(func.sum(kudos.c.coins), 0)).where(
        *_in_tenant(tenant),
        kudos.c.from_employee_id == giver_id,
        kudos.c.created_at >= start,
        kudos.c.created_at < end,
    )
    return int((await conn.execute(query)).scalar_one())


def _filters(tenant: Tenant, filters: KudosFilters) -> list[ColumnElement[bool]]:
    conditions = _in_tenant(tenant)
    if filters.from_employee_id is not None:
        conditions.append(kudos.c.from_employee_id == filters.from_employee_id)
    if filters.to_employee_id is not None:
        conditions.append(kudos.c.to_employee_id == filters.to_employee_id)
    if filters.tag is not None:
        conditions.append(kudos.c.tag == filters.tag)
    if filters.created_from is not None:
        conditions.append(kudos.c.created_at >= filters.created_from)
    if filters.created_to is not None:
        conditions.append(kudos.c.created_at <= filters.created_to)
    return conditions


async def list_kudos(
    conn: AsyncConnection,
    tenant: Tenant,
    filters: KudosFilters,
    *,
    after_id: str | None,
    limit: int,
) -> list[dict[str, Any]]:
    conditions = _filters(tenant, filters)
    if after_id is not None:
        conditions.append(kudos.c.id > after_id)
    query = select(kudos).where(*conditions).order_by(kudos.c.id).limit(limit)
    return [dict(row) for row in (await conn.execute(query)).mappings()]


async def count_kudos(conn: AsyncConnection, tenant: Tenant, filters: KudosFilters) -> int:
    query = select(func.count()).select_from(kudos).where(*_filters(tenant, filters))
    return int((await conn.execute(query)).scalar_one())
