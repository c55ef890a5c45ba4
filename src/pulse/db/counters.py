"""Exact row counts per tenant, kept by the database as rows are inserted.

An unfiltered list answers `total_count` from here instead of `count(*)`, whose cost
grows with the tenant's rows (about 45 ms at a million). Each counted table has an
insert trigger (migration 0005) that adds one to its tenant's count in the inserting
transaction, so the count is exact whoever writes, and a rollback takes it back.
Only tables that never lose rows are counted (employees are offboarded, leave
cancelled, never deleted). On PostgreSQL a count is spread over shard rows, which
this sums, reading by primary key.
"""

from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.core.tenancy import Tenant
from pulse.db.tables import row_counts

COUNTED = frozenset({"employees", "status_log", "kudos", "workload_checkins", "leave", "events"})


async def total(conn: AsyncConnection, table: Table, tenant: Tenant) -> int:
    query = select(func.coalesce(func.sum(row_counts.c.count), 0)).where(
        row_counts.c.workspace_id == tenant.workspace_id,
        row_counts.c.environment == tenant.environment.value,
        row_counts.c.resource == table.name,
    )
    return int((await conn.execute(query)).scalar_one())
