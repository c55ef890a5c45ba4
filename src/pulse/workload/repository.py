"""SQL of workload check-ins."""

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select

from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.queries import PageRows, fetch_by_id, fetch_page, in_tenant
from pulse.db.session import Session
from pulse.db.tables import index_named, workload_checkins
from pulse.workload.schemas import WorkloadCheckinFilters

# One check-in per employee per week.
ONE_PER_WEEK = index_named(workload_checkins, "ix_workload_checkins_employee_week")


async def get_checkin(db: Session, tenant: Tenant, checkin_id: str) -> dict[str, Any] | None:
    return await fetch_by_id(db, workload_checkins, tenant, checkin_id)


async def checkin_exists(db: Session, tenant: Tenant, employee_id: str, week_start: date) -> bool:
    query = select(workload_checkins.c.id).where(
        *in_tenant(workload_checkins, tenant),
        workload_checkins.c.employee_id == employee_id,
        workload_checkins.c.week_start == week_start,
    )
    return (await db.execute(query)).first() is not None


def _filters(filters: WorkloadCheckinFilters) -> list[ColumnElement[bool]]:
    """The conditions the filters add to the tenant's."""
    conditions: list[ColumnElement[bool]] = []
    if filters.employee_id is not None:
        conditions.append(workload_checkins.c.employee_id == filters.employee_id)
    if filters.level is not None:
        conditions.append(workload_checkins.c.level == filters.level.value)
    if filters.week_from is not None:
        conditions.append(workload_checkins.c.week_start >= filters.week_from)
    if filters.week_to is not None:
        conditions.append(workload_checkins.c.week_start <= filters.week_to)
    return conditions


async def list_checkins(
    db: Session, tenant: Tenant, filters: WorkloadCheckinFilters, page: PageRequest
) -> tuple[PageRows, int]:
    return await fetch_page(db, workload_checkins, tenant, _filters(filters), page)
