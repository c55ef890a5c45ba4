"""SQL of workspaces (the tenants)."""

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.db.tables import workspaces


async def insert_workspace(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(insert(workspaces).values(**row))


async def get_workspace(conn: AsyncConnection, workspace_id: str) -> dict[str, Any] | None:
    result = await conn.execute(select(workspaces).where(workspaces.c.id == workspace_id))
    row = result.mappings().first()
    return dict(row) if row else None


async def find_by_name(conn: AsyncConnection, name: str) -> dict[str, Any] | None:
    result = await conn.execute(
        select(workspaces).where(workspaces.c.name == name).order_by(workspaces.c.id).limit(1)
    )
    row = result.mappings().first()
    return dict(row) if row else None


async def list_workspaces(conn: AsyncConnection) -> list[dict[str, Any]]:
    result = await conn.execute(select(workspaces).order_by(workspaces.c.id))
    return [dict(row) for row in result.mappings()]


async def update_workspace(
    conn: AsyncConnection, workspace_id: str, values: dict[str, Any]
) -> None:
    await conn.execute(update(workspaces).where(workspaces.c.id == workspace_id).values(**values))
