"""Transaction-scoped locks for rules that span rows (manager cycles, allowances).

On PostgreSQL an advisory lock held until the transaction ends serialises the
writers that check the same rule. SQLite needs none: its write transactions
(BEGIN IMMEDIATE) already run one at a time.
"""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.core.tenancy import Tenant
from pulse.db import deferred


async def lock_for_transaction(conn: AsyncConnection, tenant: Tenant, name: str) -> None:
    if conn.dialect.name != "postgresql":
        return
    # The lock must cover the rule's check and its write: no deferring past it.
    deferred.require_transaction(conn, f"lock {name}")
    key = f"{tenant.workspace_id}:{tenant.environment.value}:{name}"
    await conn.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))
