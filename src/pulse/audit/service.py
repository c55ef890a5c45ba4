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

# How many entries the audit page shows at most.
PAGE_SIZE = 200


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


async def newest(db: Session, workspace_id: str, action: str | None = None) -> list[dict[str, Any]]:
    """The workspace's newest entries first, at most `PAGE_SIZE`, of one action if named."""
    return await repository.newest(db, workspace_id, action, PAGE_SIZE)


async def actions(db: Session, workspace_id: str) -> list[str]:
    """The actions the workspace's log holds, for the page's filter."""
    return await repository.actions(db, workspace_id)
