"""Exact row counts per tenant, kept by the database as rows are inserted and deleted.

An unfiltered list answers `total_count` from here instead of `count(*)`, whose cost
grows with the tenant's rows (about 45 ms at a million). Each counted table has an
insert trigger (migration 0005) that adds to its tenant's count and a delete trigger
(migration 0006) that subtracts from it, in the writing transaction, so the count is
exact whoever writes, and a rollback takes the change back (TRUNCATE bypasses both).
On PostgreSQL a count is spread over shard rows, any one of which may be negative;
this sums them, reading by primary key.
"""

from typing import Any

from sqlalchemy import ScalarSelect, Table, bindparam, func, select

from pulse.core.tenancy import Tenant
from pulse.db.session import Session
from pulse.db.tables import row_counts

COUNTED = frozenset({"employees", "status_log", "kudos", "workload_checkins", "leave", "events"})


def total_of(table: Table) -> ScalarSelect[Any]:
    """The tenant's count of `table`, the tenant given as the parameters `workspace_id`
    and `environment`."""
    return (
        select(func.coalesce(func.sum(row_counts.c.count), 0))
        .where(
            row_counts.c.workspace_id == bindparam("workspace_id"),
            row_counts.c.environment == bindparam("environment"),
            row_counts.c.resource == table.name,
        )
        .scalar_subquery()
    )


async def total(db: Session, table: Table, tenant: Tenant) -> int:
    parameters = {"workspace_id": tenant.workspace_id, "environment": tenant.environment.value}
    return int((await db.execute(select(total_of(table)), parameters)).scalar_one())
