"""SQL of API keys."""

from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, insert, select, update

from pulse.db.prepared import Prepared
from pulse.db.session import Session
from pulse.db.tables import api_keys, employees, workspaces


async def insert_key(db: Session, row: dict[str, Any]) -> None:
    await db.execute(insert(api_keys).values(**row))


# Authentication reads this on every request, so it is built once and runs on the driver
# (`pulse.db.prepared`). The key's employee rides along: a personal key answers for its
# employee's current state, so someone who left cannot keep using theirs.
FIND_FOR_AUTH = Prepared(
    select(
        api_keys.c.id,
        api_keys.c.workspace_id,
        api_keys.c.environment,
        api_keys.c.scopes,
        api_keys.c.employee_id,
        api_keys.c.expires_at,
        api_keys.c.revoked_at,
        workspaces.c.rate_limit_per_minute,
        employees.c.id.label("employee_found"),
        employees.c.end_date.label("employee_end_date"),
    )
    .select_from(
        api_keys.join(workspaces, workspaces.c.id == api_keys.c.workspace_id).outerjoin(
            employees,
            and_(
                employees.c.workspace_id == api_keys.c.workspace_id,
                employees.c.environment == api_keys.c.environment,
                employees.c.id == api_keys.c.employee_id,
            ),
        )
    )
    .where(api_keys.c.secret_hash == bindparam("secret_hash"))
)


async def find_for_auth(db: Session, secret_hash: str) -> dict[str, Any] | None:
    """The key with this hash, its workspace's rate-limit override, and whether its
    employee (if it has one) exists and when their employment ends."""
    rows = await db.fetch(FIND_FOR_AUTH, {"secret_hash": secret_hash})
    return dict(rows[0]) if rows else None


async def get_key(db: Session, key_id: str) -> dict[str, Any] | None:
    row = (await db.execute(select(api_keys).where(api_keys.c.id == key_id))).mappings().first()
    return dict(row) if row else None


async def list_keys(db: Session, workspace_id: str) -> list[dict[str, Any]]:
    result = await db.execute(
        select(api_keys).where(api_keys.c.workspace_id == workspace_id).order_by(api_keys.c.id)
    )
    return [dict(row) for row in result.mappings()]


async def revoke_key(db: Session, key_id: str, at: datetime) -> None:
    await db.execute(
        update(api_keys)
        .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
        .values(revoked_at=at)
    )


async def touch_key(db: Session, key_id: str, at: datetime) -> None:
    await db.execute(update(api_keys).where(api_keys.c.id == key_id).values(last_used_at=at))
