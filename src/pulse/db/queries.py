"""Queries every tenant-owned table shares: the tenant filter, a lookup by id, a keyset
page with its total."""

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, cast

from sqlalchemy import ColumnElement, ScalarSelect, Select, Table, bindparam, func, select

from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db import counters
from pulse.db.prepared import Prepared
from pulse.db.session import Session

# A page's rows: read-only mappings of column to value, read straight into the answer.
PageRows = Sequence[Mapping[str, Any]]

# The total rides on every row of a page, so a page and its total are one statement.
TOTAL = "_total"


def in_tenant(table: Table, tenant: Tenant) -> list[ColumnElement[bool]]:
    return [
        table.c.workspace_id == tenant.workspace_id,
        table.c.environment == tenant.environment.value,
    ]


def _tenant_parameters(tenant: Tenant) -> dict[str, Any]:
    return {"workspace_id": tenant.workspace_id, "environment": tenant.environment.value}


def _in_bound_tenant(table: Table) -> list[ColumnElement[bool]]:
    return [
        table.c.workspace_id == bindparam("workspace_id"),
        table.c.environment == bindparam("environment"),
    ]


@cache
def _by_id(table: Table, for_update: bool) -> Prepared:
    query = select(table).where(*_in_bound_tenant(table), table.c.id == bindparam("id"))
    return Prepared(query.with_for_update() if for_update else query)


async def fetch_by_id(
    db: Session, table: Table, tenant: Tenant, row_id: str, *, for_update: bool = False
) -> dict[str, Any] | None:
    rows = await db.fetch(_by_id(table, for_update), {**_tenant_parameters(tenant), "id": row_id})
    return dict(rows[0]) if rows else None


def _page(
    table: Table, conditions: list[ColumnElement[bool]], total: ScalarSelect[Any]
) -> Select[Any]:
    """Up to `limit` rows matching `conditions` with an id after `after`, by id, each
    with the total beside it."""
    return (
        select(table, total.label(TOTAL))
        .where(*conditions, table.c.id > bindparam("after"))
        .order_by(table.c.id)
        .limit(bindparam("limit"))
    )


def _count(table: Table, conditions: list[ColumnElement[bool]]) -> ScalarSelect[Any]:
    return select(func.count()).select_from(table).where(*conditions).scalar_subquery()


@cache
def _unfiltered_page(table: Table) -> Prepared:
    tenant = _in_bound_tenant(table)
    total = counters.total_of(table) if table.name in counters.COUNTED else _count(table, tenant)
    return Prepared(_page(table, tenant, total))


async def fetch_page(
    db: Session,
    table: Table,
    tenant: Tenant,
    filters: list[ColumnElement[bool]],
    page: PageRequest,
) -> tuple[PageRows, int]:
    """Up to `limit + 1` of the tenant's rows matching `filters` after the cursor, by id,
    and how many match in all.

    The extra row tells `make_page` whether another page follows. Without filters the
    total comes from the maintained counters; with filters it is counted along the
    index that serves them. Only an empty page needs a second statement for its total.
    """
    parameters = {
        **_tenant_parameters(tenant),
        "after": page.after_id or "",
        "limit": page.limit + 1,
    }
    if filters:
        conditions = [*_in_bound_tenant(table), *filters]
        query = _page(table, conditions, _count(table, conditions))
        rows = cast(PageRows, (await db.execute(query, parameters)).mappings().all())
    else:
        rows = await db.fetch(_unfiltered_page(table), parameters)
    if rows:
        return rows, int(rows[0][TOTAL])
    if not filters and table.name in counters.COUNTED:
        return rows, await counters.total(db, table, tenant)
    count = select(func.count()).select_from(table).where(*in_tenant(table, tenant), *filters)
    return rows, int((await db.execute(count)).scalar_one())
