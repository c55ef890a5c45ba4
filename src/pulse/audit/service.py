"""Record and read the audit log.

A change and its audit entry are written in the same transaction: `record` takes the
session the change is written with, so the entry exists exactly when the change does.
"""

from dataclasses import dataclass
from typing import Any

from pulse.audit import repository
from pulse.core.tenancy import Environment
from pulse.db.session import Session
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id

# How many entries one page of the audit log shows.
PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a console member (by id, with the address they came from) or the CLI."""

    id: str
    ip: str | None = None


CLI = Actor("cli")


async def record(
    db: Session,
    actor: Actor,
    action: str,
    *,
    workspace_id: str,
    environment: Environment | None = None,
    target: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Add an entry, in `db`'s transaction. `action` is a dotted name, e.g. `key.created`."""
    await repository.insert_entry(
        db,
        {
            "workspace_id": workspace_id,
            "id": new_id("aud"),
            "environment": None if environment is None else environment.value,
            "actor": actor.id,
            "action": action,
            "target": target,
            "details": details or {},
            "ip": actor.ip,
            "at": utcnow(),
        },
    )


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of the log, newest first, and the entry id the next (older) page starts
    before, or None on the last page."""

    entries: list[dict[str, Any]]
    older_than: str | None


async def newest(
    db: Session,
    workspace_id: str,
    *,
    action: str | None = None,
    actor: str | None = None,
    before: str | None = None,
) -> AuditPage:
    """A page of the workspace's entries, newest first: of one action and one actor when
    named, older than the entry `before` when given."""
    found = await repository.newest(
        db, workspace_id, action=action, actor=actor, before=before, limit=PAGE_SIZE + 1
    )
    entries = found[:PAGE_SIZE]
    return AuditPage(entries, entries[-1]["id"] if len(found) > PAGE_SIZE else None)


async def actions(db: Session, workspace_id: str) -> list[str]:
    """The actions the workspace's log holds, for the page's filter."""
    return await repository.actions(db, workspace_id)


async def actors(db: Session, workspace_id: str) -> list[dict[str, Any]]:
    """Who the workspace's log names, for the page's filter: `actor` (a member id or
    "cli") and `actor_email`."""
    return await repository.actors(db, workspace_id)
