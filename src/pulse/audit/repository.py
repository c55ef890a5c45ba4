"""SQL of the audit log."""

from typing import Any

from sqlalchemy import insert, select

from pulse.db.session import Session
from pulse.db.tables import audit_log, console_members


async def insert_entry(db: Session, row: dict[str, Any]) -> None:
    await db.execute(insert(audit_log).values(**row))


# Each entry with its actor's email, when the actor is (or was) a member.
_WITH_ACTOR = audit_log.outerjoin(console_members, console_members.c.id == audit_log.c.actor)
_ACTOR_EMAIL = console_members.c.email.label("actor_email")


async def newest(
    db: Session,
    workspace_id: str,
    *,
    action: str | None,
    actor: str | None,
    before: str | None,
    limit: int,
) -> list[dict[str, Any]]:
    """The workspace's newest entries older than the entry `before` (ids sort by time),
    of one action and one actor when named, each with its actor's email when the actor
    is a member."""
    query = (
        select(audit_log, _ACTOR_EMAIL)
        .select_from(_WITH_ACTOR)
        .where(audit_log.c.workspace_id == workspace_id)
        .order_by(audit_log.c.id.desc())
        .limit(limit)
    )
    if action is not None:
        query = query.where(audit_log.c.action == action)
    if actor is not None:
        query = query.where(audit_log.c.actor == actor)
    if before is not None:
        query = query.where(audit_log.c.id < before)
    return [dict(row) for row in (await db.execute(query)).mappings()]


async def actions(db: Session, workspace_id: str) -> list[str]:
    query = (
        select(audit_log.c.action)
        .where(audit_log.c.workspace_id == workspace_id)
        .distinct()
        .order_by(audit_log.c.action)
    )
    return list((await db.execute(query)).scalars())


async def actors(db: Session, workspace_id: str) -> list[dict[str, Any]]:
    """Who the workspace's log names (removed members too), with each member's email."""
    query = (
        select(audit_log.c.actor, _ACTOR_EMAIL)
        .select_from(_WITH_ACTOR)
        .where(audit_log.c.workspace_id == workspace_id)
        .distinct()
        .order_by(console_members.c.email, audit_log.c.actor)
    )
    return [dict(row) for row in (await db.execute(query)).mappings()]
