"""SQL of console members, their sign-in links, sessions and failed sign-ins."""

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from pulse.db.session import Session
from pulse.db.tables import (
    console_members,
    console_sessions,
    console_sign_in_failures,
    console_sign_in_links,
)


def _one(row: Any) -> dict[str, Any] | None:
    return dict(row) if row is not None else None


async def insert_member(db: Session, row: dict[str, Any]) -> None:
    await db.execute(insert(console_members).values(**row))


async def member_by_email(db: Session, email: str) -> dict[str, Any] | None:
    query = select(console_members).where(console_members.c.email == email)
    return _one((await db.execute(query)).mappings().first())


async def set_password_hash(db: Session, member_id: str, password_hash: str) -> None:
    await db.execute(
        update(console_members)
        .where(console_members.c.id == member_id)
        .values(password_hash=password_hash)
    )


async def insert_link(db: Session, row: dict[str, Any]) -> None:
    await db.execute(insert(console_sign_in_links).values(**row))


async def drop_unused_links(db: Session, member_id: str) -> None:
    await db.execute(
        delete(console_sign_in_links).where(
            console_sign_in_links.c.member_id == member_id,
            console_sign_in_links.c.used_at.is_(None),
        )
    )


async def link_member(db: Session, token_hash: str, now: datetime) -> dict[str, Any] | None:
    """The member a link signs in, while the link is unused and unexpired."""
    query = (
        select(console_members)
        .join(console_sign_in_links, console_sign_in_links.c.member_id == console_members.c.id)
        .where(
            console_sign_in_links.c.token_hash == token_hash,
            console_sign_in_links.c.used_at.is_(None),
            console_sign_in_links.c.expires_at > now,
            console_members.c.removed_at.is_(None),
        )
    )
    return _one((await db.execute(query)).mappings().first())


async def use_link(db: Session, token_hash: str, now: datetime) -> bool:
    """Mark the link used; False when it already was (or expired): one use wins."""
    result = await db.execute(
        update(console_sign_in_links)
        .where(
            console_sign_in_links.c.token_hash == token_hash,
            console_sign_in_links.c.used_at.is_(None),
            console_sign_in_links.c.expires_at > now,
        )
        .values(used_at=now)
    )
    return result.rowcount == 1


async def insert_session(db: Session, row: dict[str, Any]) -> None:
    await db.execute(insert(console_sessions).values(**row))


async def session_with_member(db: Session, id_hash: str) -> dict[str, Any] | None:
    """The session and its member (while the member is not removed)."""
    query = (
        select(
            console_sessions,
            console_members.c.workspace_id,
            console_members.c.email,
            console_members.c.name,
            console_members.c.role,
        )
        .join(console_members, console_members.c.id == console_sessions.c.member_id)
        .where(console_sessions.c.id_hash == id_hash, console_members.c.removed_at.is_(None))
    )
    return _one((await db.execute(query)).mappings().first())


async def delete_session(db: Session, id_hash: str) -> dict[str, Any] | None:
    """Delete the session; the deleted row, or None when there was none."""
    row = _one(
        (await db.execute(select(console_sessions).where(console_sessions.c.id_hash == id_hash)))
        .mappings()
        .first()
    )
    if row is not None:
        await db.execute(delete(console_sessions).where(console_sessions.c.id_hash == id_hash))
    return row


async def touch_session(db: Session, id_hash: str, now: datetime) -> None:
    await db.execute(
        update(console_sessions)
        .where(console_sessions.c.id_hash == id_hash)
        .values(last_seen_at=now)
    )


async def set_session_environment(db: Session, id_hash: str, environment: str) -> None:
    await db.execute(
        update(console_sessions)
        .where(console_sessions.c.id_hash == id_hash)
        .values(environment=environment)
    )


async def locked_until(db: Session, email: str, now: datetime) -> datetime | None:
    query = select(func.max(console_sign_in_failures.c.locks_until)).where(
        console_sign_in_failures.c.email == email,
        console_sign_in_failures.c.locks_until > now,
    )
    value: datetime | None = (await db.execute(query)).scalar_one()
    return value


async def failures_since(db: Session, email: str, since: datetime) -> int:
    query = select(func.count()).where(
        console_sign_in_failures.c.email == email, console_sign_in_failures.c.at > since
    )
    return int((await db.execute(query)).scalar_one())


async def insert_failure(db: Session, row: dict[str, Any]) -> None:
    await db.execute(insert(console_sign_in_failures).values(**row))


async def clear_failures(db: Session, email: str) -> None:
    await db.execute(
        delete(console_sign_in_failures).where(console_sign_in_failures.c.email == email)
    )


async def current_members(db: Session, workspace_id: str) -> list[dict[str, Any]]:
    """The workspace's members not removed, oldest first."""
    query = (
        select(console_members)
        .where(
            console_members.c.workspace_id == workspace_id, console_members.c.removed_at.is_(None)
        )
        .order_by(console_members.c.created_at, console_members.c.id)
    )
    return [dict(row) for row in (await db.execute(query)).mappings()]


async def set_role(db: Session, member_id: str, role: str) -> None:
    await db.execute(
        update(console_members).where(console_members.c.id == member_id).values(role=role)
    )


async def set_removed(db: Session, member_id: str, at: datetime) -> None:
    await db.execute(
        update(console_members).where(console_members.c.id == member_id).values(removed_at=at)
    )


async def delete_sessions_of(db: Session, member_id: str) -> None:
    await db.execute(delete(console_sessions).where(console_sessions.c.member_id == member_id))
