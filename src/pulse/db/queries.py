"""Queries every tenant-owned table shares: the tenant filter, lookup by id, keyset pages."""

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db import counters, deferred, driver

# A page's rows: read-only mappings of column to value (asyncpg records or SQLAlchemy
# row mappings), read straight into the answer without being copied.
PageRows = Sequence[Mapping[str, Any]]


def in_tenant(table: Table, tenant: Tenant) -> list[ColumnElement[bool]]:
    return [
        table.c.workspace_id == tenant.workspace_id,
        table.c.environment == tenant.environment.value,
    ]


async def insert_rows(conn: AsyncConnection, *rows: tuple[Table, Mapping[str, Any]]) -> None:
    """INSERT each row into its table: one statement on PostgreSQL, so a change and its
    event cost one round trip. A connection deferring its writes collects them."""
    collecting = deferred.pending(conn)
    if collecting is not None:
        collecting.extend(rows)
        return
    if driver.applies(conn):
        await driver.insert_rows(conn, rows)
        return
    for table, row in rows:
        # A constant statement with the row as parameters: compiled once, then cached.
        await conn.execute(insert(table), dict(row))


async def insert_row(conn: AsyncConnection, table: Table, row: Mapping[str, Any]) -> None:
    await insert_rows(conn, (table, row))


async def fetch_by_id(
    conn: AsyncConnection, table: Table, tenant: Tenant, row_id: str, *, for_update: bool = False
) -> dict[str, Any] | None:
    if not for_update and driver.applies(conn):
        return await driver.by_id(conn, table, tenant, row_id)
    query = select(table).where(*in_tenant(table, tenant), table.c.id == row_id)
    if for_update:
        query = query.with_for_update()
    row = (await conn.execute(query)).mappings().first()
    return dict(row) if row else None


async def fetch_page(
    conn: AsyncConnection,
    table: Table,
    tenant: Tenant,
    filters: list[ColumnElement[bool]],
    page: PageRequest,
) -> tuple[PageRows, int]:
    """Up to `limit + 1` of the tenant's rows matching `filters` after the cursor, by id,
    and how many match in all.

    The extra row tells `make_page` whether another page follows. Without filters the
    total comes from the maintained counters; with filters it is counted along the
    index that serves them.
    """
    if not filters and driver.applies(conn):
        return await driver.unfiltered_page(conn, table, tenant, page)
    conditions = [*in_tenant(table, tenant), *filters]
    after = [table.c.id > page.after_id] if page.after_id is not None else []
    query = select(table).where(*conditions, *after).order_by(table.c.id).limit(page.limit + 1)
    rows = cast(PageRows, (await conn.execute(query)).mappings().all())
    if not filters and table.name in counters.COUNTED:
        return rows, await counters.total(conn, table, tenant)
    count = select(func.count()).select_from(table).where(*conditions)
    return rows, int((await conn.execute(count)).scalar_one())
