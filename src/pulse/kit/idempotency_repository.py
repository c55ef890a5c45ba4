"""SQL of idempotency records.

The statements of the hot path (claim, store) are built once with bound parameters:
building a statement costs more than running it, and a constant statement is
compiled once and then found in SQLAlchemy's cache.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.db.tables import idempotency_keys as table
from pulse.kit.tenancy import Tenant


def _where(tenant: Tenant, api_key_id: str, key: str) -> tuple[Any, ...]:
    return (
        table.c.workspace_id == tenant.workspace_id,
        table.c.environment == tenant.environment.value,
        table.c.api_key_id == api_key_id,
        table.c.key == key,
    )


_INSERT_IF_ABSENT = {
    "postgresql": pg_insert(table).on_conflict_do_nothing(),
    "sqlite": sqlite_insert(table).on_conflict_do_nothing(),
}
_STORE = (
    update(table)
    .where(
        table.c.workspace_id == bindparam("w_workspace_id"),
        table.c.environment == bindparam("w_environment"),
        table.c.api_key_id == bindparam("w_api_key_id"),
        table.c.key == bindparam("w_key"),
    )
    .values(status_code=bindparam("status_code"), response_body=bindparam("response_body"))
)


async def insert_if_absent(conn: AsyncConnection, row: dict[str, Any]) -> bool:
    """Insert the record unless one with the same key exists; True when this call inserted."""
    result = await conn.execute(_INSERT_IF_ABSENT[conn.dialect.name], row)
    return bool(result.rowcount == 1)


async def get(conn: AsyncConnection, tenant: Tenant, api_key_id: str, key: str) -> Any:
    result = await conn.execute(select(table).where(*_where(tenant, api_key_id, key)))
    return result.mappings().first()


async def delete_record(
    conn: AsyncConnection,
    tenant: Tenant,
    api_key_id: str,
    key: str,
    *,
    created_at: datetime | None = None,
) -> None:
    """Delete the record (only the one created at `created_at`, when given)."""
    query = delete(table).where(*_where(tenant, api_key_id, key))
    if created_at is not None:
        query = query.where(table.c.created_at == created_at)
    await conn.execute(query)


async def store_response(
    conn: AsyncConnection, tenant: Tenant, api_key_id: str, key: str, status: int, body: bytes
) -> None:
    await conn.execute(
        _STORE,
        {
            "w_workspace_id": tenant.workspace_id,
            "w_environment": tenant.environment.value,
            "w_api_key_id": api_key_id,
            "w_key": key,
            "status_code": status,
            "response_body": body,
        },
    )


async def purge_expired(conn: AsyncConnection, now: datetime) -> int:
    result = await conn.execute(delete(table).where(table.c.expires_at < now))
    return int(result.rowcount or 0)
