"""SQL of idempotency records.

The claim and the stored answer run on every idempotent request, so on PostgreSQL
they are written once as SQL for the driver connection (`pulse.db.driver`); SQLite
and the rare paths go through SQLAlchemy Core.
"""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.core.tenancy import Tenant
from pulse.db import driver, queries
from pulse.db.tables import idempotency_keys as table


class Claimed(enum.Enum):
    YES = "yes"
    TAKEN = "taken"  # a record with this key exists: read it
    BUSY = "busy"  # another open transaction is claiming this key right now


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
# SQLite's stored answer: a constant statement, compiled once and then found in
# SQLAlchemy's cache (building one costs more than running it).
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
_PG_STORE = """
UPDATE idempotency_keys SET status_code = $5, response_body = $6
WHERE workspace_id = $1 AND environment = $2 AND api_key_id = $3 AND key = $4
"""


async def claim(conn: AsyncConnection, row: dict[str, Any], then: driver.Rows = ()) -> Claimed:
    """Insert the record unless the key is taken or busy; and `then` only if it went in.

    On PostgreSQL one statement takes the key's advisory lock and inserts the record and
    `then` (`pulse.db.driver.claim_then_insert`). SQLite runs its write transactions one
    at a time, so no claim is ever in flight there.
    """
    if not driver.applies(conn):
        if not await insert_if_absent(conn, row):
            return Claimed.TAKEN
        await queries.insert_rows(conn, *then)
        return Claimed.YES
    lock = (
        f"idempotency:{row['workspace_id']}:{row['environment']}:{row['api_key_id']}:{row['key']}"
    )
    held, inserted = await driver.claim_then_insert(conn, lock, (table, row), then)
    if not held:
        return Claimed.BUSY
    return Claimed.YES if inserted else Claimed.TAKEN


async def insert_if_absent(conn: AsyncConnection, row: dict[str, Any]) -> bool:
    """Insert the record unless one with the same key exists; True when this call inserted."""
    result = await conn.execute(_INSERT_IF_ABSENT[conn.dialect.name], row)
    return bool(result.rowcount == 1)


async def get(conn: AsyncConnection, tenant: Tenant, api_key_id: str, key: str) -> Any:
    result = await conn.execute(select(table).where(*_where(tenant, api_key_id, key)))
    return result.mappings().first()


async def delete_record(conn: AsyncConnection, tenant: Tenant, api_key_id: str, key: str) -> None:
    await conn.execute(delete(table).where(*_where(tenant, api_key_id, key)))


async def store_response(
    conn: AsyncConnection, tenant: Tenant, api_key_id: str, key: str, status: int, body: bytes
) -> None:
    if driver.applies(conn):
        where = (tenant.workspace_id, tenant.environment.value, api_key_id, key)
        await driver.execute(conn, _PG_STORE, *where, status, body)
        return
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
