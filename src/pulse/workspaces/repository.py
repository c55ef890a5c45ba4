"""SQL of workspaces (the tenants)."""

from typing import Any

from sqlalchemy import insert, select, update

from pulse.db.session import Session
from pulse.db.tables import workspaces


async def insert_workspace(db: Session, row: dict[str, Any]) -> None:
    await db.execute(insert(workspaces).values(**row))


async def get_workspace(db: Session, workspace_id: str) -> dict[str, Any] | None:
    result = await db.execute(select(workspaces).where(workspaces.c.id == workspace_id))
    row = result.mappings().first()
    return dict(row) if row else None


async def find_by_name(db: Session, name: str) -> dict[str, Any] | None:
    result = await db.execute(
        select(workspaces).where(workspaces.c.name == name).order_by(workspaces.c.id).limit(1)
    )
    row = result.mappings().first()
    return dict(row) if row else None


async def list_workspaces(db: Session) -> list[dict[str, Any]]:
    result = await db.execute(select(workspaces).order_by(workspaces.c.id))
    return [dict(row) for row in result.mappings()]


async def update_workspace(db: Session, workspace_id: str, values: dict[str, Any]) -> None:
    await db.execute(update(workspaces).where(workspaces.c.id == workspace_id).values(**values))
