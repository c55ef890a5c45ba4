"""Workspaces: the tenants, created and listed from the CLI."""

from typing import Any

from pulse.core.errors import InvalidRequest, NotFound
from pulse.db.session import Session
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id
from pulse.kit.schemas import is_blank
from pulse.workspaces import repository

DEFAULT_KUDOS_MONTHLY_ALLOWANCE = 100


async def create_workspace(
    db: Session, name: str, rate_limit_per_minute: int | None = None
) -> dict[str, Any]:
    name = name.strip()
    if is_blank(name) or len(name) > 200:
        raise InvalidRequest(
            "A workspace name has 1 to 200 characters and is not blank.", fields=["name"]
        )
    row = {
        "id": new_id("ws"),
        "name": name,
        "rate_limit_per_minute": checked_rate_limit(rate_limit_per_minute),
        "created_at": utcnow(),
        "kudos_monthly_allowance": DEFAULT_KUDOS_MONTHLY_ALLOWANCE,
        "leave_policy": None,
    }
    await repository.insert_workspace(db, row)
    return row


async def get_workspace(db: Session, workspace_id: str) -> dict[str, Any]:
    row = await repository.get_workspace(db, workspace_id)
    if row is None:
        raise NotFound(f"No workspace with id {workspace_id!r}.")
    return row


async def list_workspaces(db: Session) -> list[dict[str, Any]]:
    return await repository.list_workspaces(db)


def checked_rate_limit(per_minute: int | None) -> int | None:
    if per_minute is not None and per_minute < 0:
        raise InvalidRequest("A rate limit is 0 (unlimited) or more.", fields=["rate_limit"])
    return per_minute
