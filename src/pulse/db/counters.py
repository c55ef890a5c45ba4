"""Exact row counts per tenant, kept in the writing transaction.

An unfiltered list answers `total_count` from here instead of `count(*)`, whose cost
grows with the tenant's rows (about 45 ms at a million). Each count is spread over a
few shard rows, so concurrent inserts of one tenant rarely wait on the same row; the
total is their sum, read by primary key. Only tables that never lose rows are
counted (employees are offboarded, leave cancelled, never deleted).
"""

import random
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.db.tables import row_counts
from pulse.kit.tenancy import Tenant

SHARDS = 8
COUNTED = frozenset({"employees", "status_log", "kudos", "workload_checkins", "leave", "events"})


async def insert_counted(conn: AsyncConnection, table: Table, row: dict[str, Any]) -> None:
    """Insert `row` into a counted table and count it, in the caller's transaction."""
    await conn.execute(insert(table).values(**row))
    await add(conn, table, row["workspace_id"], row["environment"])


async def add(
    conn: AsyncConnection, table: Table, workspace_id: str, environment: str, rows: int = 1
) -> None:
    """Count `rows` new rows of `table` for the tenant (in the transaction inserting them)."""
    upsert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = upsert(row_counts).values(
        workspace_id=workspace_id,
        environment=environment,
        resource=table.name,
        shard=random.randrange(SHARDS),
        count=rows,
    )
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=["workspace_id", "environment", "resource", "shard"],
            set_={"count": row_counts.c.count + rows},
        )
    )


async def total(conn: AsyncConnection, table: Table, tenant: Tenant) -> int:
    query = select(func.coalesce(func.sum(row_counts.c.count), 0)).where(
        row_counts.c.workspace_id == tenant.workspace_id,
        row_counts.c.environment == tenant.environment.value,
        row_counts.c.resource == table.name,
    )
    return int((await conn.execute(query)).scalar_one())
