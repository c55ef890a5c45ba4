"""SQL of idempotency records.

The claim and the stored answer run on every idempotent request, so on PostgreSQL
they are written once as SQL for the driver connection (`pulse.db.driver`); SQLite
and the rare paths go through SQLAlchemy Core.
"""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.db import driver
from pulse.db.tables import idempotency_keys as table
from pulse.kit.tenancy import Tenant


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
_COLUMNS = (
    "workspace_id",
    "environment",
    "api_key_id",
    "key",
    "fingerprint",
    "status_code",
    "response_body",
    "created_at",
    "expires_at",
)
# One round trip: try the key's advisory lock (held to the end of the transaction, so a
# concurrent claimer of the same key learns at once that it is busy, instead of waiting on
# the uncommitted row), and only with it insert the record unless one exists.
_PG_CLAIM = f"""
WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS held),
claimed AS (
    INSERT INTO idempotency_keys ({", ".join(_COLUMNS)})
    SELECT $2::text, $3::text, $4::text, $5::text, $6::text, $7::smallint, $8::bytea,
           $9::timestamptz, $10::timestamptz
    FROM lock WHERE held
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT (SELECT held FROM lock) AS held, EXISTS (SELECT FROM claimed) AS claimed
"""  # noqa: S608 - no input in the text
_PG_STORE = """
UPDATE idempotency_keys SET status_code = $5, response_body = $6
WHERE workspace_id = $1 AND environment = $2 AND api_key_id = $3 AND key = $4
"""


async def claim(conn: AsyncConnection, row: dict[str, Any]) -> Claimed:
    """Insert the record in the open transaction unless the key is taken or busy."""
    if not driver.applies(conn):
        # SQLite's write transactions run one at a time: no claim is ever in flight here.
        return Claimed.YES if await insert_if_absent(conn, row) else Claimed.TAKEN
    lock = (
        f"idempotency:{row['workspace_id']}:{row['environment']}:{row['api_key_id']}:{row['key']}"
    )
    result = await driver.fetchrow(conn, _PG_CLAIM, lock, *(row[c] for c in _COLUMNS))
    assert result is not None  # the SELECT always answers one row
    if not result["held"]:
        return Claimed.BUSY
    return Claimed.YES if result["claimed"] else Claimed.TAKEN


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
    where = (tenant.workspace_id, tenant.environment.value, api_key_id, key)
    if driver.applies(conn):
        await driver.execute(conn, _PG_STORE, *where, status, body)
        return
    await conn.execute(
        update(table)
        .where(*_where(tenant, api_key_id, key))
        .values(status_code=status, response_body=body)
    )


async def purge_expired(conn: AsyncConnection, now: datetime) -> int:
    result = await conn.execute(delete(table).where(table.c.expires_at < now))
    return int(result.rowcount or 0)
