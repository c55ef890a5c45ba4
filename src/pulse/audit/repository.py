"""SQL of the audit log."""

from typing import Any

from sqlalchemy import insert, select

from pulse.db.session import Session
from pulse.db.tables import audit_log, console_members


async def insert_entry(db: Session, row: dict[str, Any]) -> None:
    await db.execute(insert(audit_log).values(**row))


async def newest(
    db: Session, workspace_id: str, action: str | None, limit: int
) -> list[dict[str, Any]]:
    """The workspace's newest entries (ids sort by time), each with its actor's email
    when the actor is a member."""
    query = (
        select(audit_log, console_members.c.email.label("actor_email"))
        .select_from(
            audit_log.outerjoin(console_members, console_members.c.id == audit_log.c.actor)
        )
        .where(audit_log.c.workspace_id == workspace_id)
        .order_by(audit_log.c.id.desc())
        .limit(limit)
    )
    if action is not None:
        query = query.where(audit_log.c.action == action)
    return [dict(row) for row in (await db.execute(query)).mappings()]


async def actions(db: Session, workspace_id: str) -> list[str]:
    query = (
        select(audit_log.c.action)
        .where(audit_log.c.workspace_id == workspace_id)
        .distinct()
        .order_by(audit_log.c.action)
    )
    return list((await db.execute(query)).scalars())
