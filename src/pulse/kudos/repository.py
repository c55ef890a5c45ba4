"""SQL of kudos."""

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select

from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.queries import PageRows, fetch_by_id, fetch_page, in_tenant
from pulse.db.session import Session
from pulse.db.tables import kudos
from pulse.kudos.schemas import KudosFilters


async def get_kudos(db: Session, tenant: Tenant, kudos_id: str) -> dict[str, Any] | None:
    return await fetch_by_id(db, kudos, tenant, kudos_id)


async def coins_given_between(
    db: Session, tenant: Tenant, giver_id: str, start: datetime, end: datetime
) -> int:
    """Coins `giver_id` gave in kudos created in [start, end) (served by ix_kudos_giver)."""
    query = select(func.coalesce(func.sum(kudos.c.coins), 0)).where(
        *in_tenant(kudos, tenant),
        kudos.c.from_employee_id == giver_id,
        kudos.c.created_at >= start,
        kudos.c.created_at < end,
    )
    return int((await db.execute(query)).scalar_one())


def _filters(filters: KudosFilters) -> list[ColumnElement[bool]]:
    """The conditions the filters add to the tenant's."""
    conditions: list[ColumnElement[bool]] = []
    if filters.from_employee_id is not None:
        conditions.append(kudos.c.from_employee_id == filters.from_employee_id)
    if filters.to_employee_id is not None:
        conditions.append(kudos.c.to_employee_id == filters.to_employee_id)
    if filters.tag is not None:
        conditions.append(kudos.c.tag == filters.tag)
    if filters.created_from is not None:
        conditions.append(kudos.c.created_at >= filters.created_from)
    if filters.created_to is not None:
        conditions.append(kudos.c.created_at <= filters.created_to)
    return conditions


async def list_kudos(
    db: Session, tenant: Tenant, filters: KudosFilters, page: PageRequest
) -> tuple[PageRows, int]:
    return await fetch_page(db, kudos, tenant, _filters(filters), page)
