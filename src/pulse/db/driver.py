"""The hottest reads on PostgreSQL, straight through the asyncpg connection.

Building, compiling and running a statement through SQLAlchemy costs more than the
query itself on these paths (an unfiltered page, a lookup by id), so their SQL is
written once per table and run on the driver connection SQLAlchemy already holds:
the same connection, transaction state and JSON codecs, none of the per-call
machinery. Everything else goes through SQLAlchemy Core as usual.
"""

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.db import counters
from pulse.kit.pagination import PageRequest
from pulse.kit.tenancy import Tenant

TOTAL = "_total"


def applies(conn: AsyncConnection) -> bool:
    return conn.dialect.name == "postgresql"


@cache
def _page_sql(table: Table) -> str:
    """One round trip: the page and the total beside it (on a lone row if the page is empty)."""
    if table.name in counters.COUNTED:
        total = (
            "SELECT coalesce(sum(count), 0) AS total FROM row_counts "  # noqa: S608 - ours
            f"WHERE workspace_id = $1 AND environment = $2 AND resource = '{table.name}'"
        )
    else:
        total = (
            f"SELECT count(*) AS total FROM {table.name} "  # noqa: S608 - table names are ours
            "WHERE workspace_id = $1 AND environment = $2"
        )
    return (
        f"SELECT page.*, totals.total AS {TOTAL} FROM ({total}) AS totals "  # noqa: S608
        f"LEFT JOIN LATERAL (SELECT * FROM {table.name} "
        "WHERE workspace_id = $1 AND environment = $2 AND id > $3 ORDER BY id LIMIT $4) "
        "AS page ON true"
    )


@cache
def _by_id_sql(table: Table) -> str:
    return (
        f"SELECT * FROM {table.name} "  # noqa: S608 - table names are ours
        "WHERE workspace_id = $1 AND environment = $2 AND id = $3"
    )


async def _driver(conn: AsyncConnection) -> Any:
    raw = await conn.get_raw_connection()
    return raw.driver_connection


async def unfiltered_page(
    conn: AsyncConnection, table: Table, tenant: Tenant, page: PageRequest
) -> tuple[Sequence[Mapping[str, Any]], int]:
    records = await (await _driver(conn)).fetch(
        _page_sql(table),
        tenant.workspace_id,
        tenant.environment.value,
        page.after_id or "",
        page.limit + 1,
    )
    # The records are the rows (an extra total column does not matter to their readers),
    # unless the page is empty: then the one record is the total's, without an id.
    rows = records if records[0]["id"] is not None else []
    return rows, int(records[0][TOTAL])


async def by_id(
    conn: AsyncConnection, table: Table, tenant: Tenant, row_id: str
) -> dict[str, Any] | None:
    record = await (await _driver(conn)).fetchrow(
        _by_id_sql(table), tenant.workspace_id, tenant.environment.value, row_id
    )
    return dict(record) if record is not None else None
