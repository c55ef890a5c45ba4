"""SQL of the leave journal."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update

from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.queries import PageRows, fetch_by_id, fetch_page, in_tenant
from pulse.db.session import Session
from pulse.db.tables import leave
from pulse.leave.schemas import HOLDING_DAYS, LeaveFilters, LeaveStatus


async def get_leave(
    db: Session, tenant: Tenant, leave_id: str, *, for_update: bool = False
) -> dict[str, Any] | None:
    return await fetch_by_id(db, leave, tenant, leave_id, for_update=for_update)


async def holding_between(
    db: Session, tenant: Tenant, employee_id: str, first: date, last: date
) -> list[dict[str, Any]]:
    """The employee's leave that holds its days (logged, requested or approved) touching
    the days first..last."""
    query = (
        select(leave)
        .where(
            *in_tenant(leave, tenant),
            leave.c.employee_id == employee_id,
            leave.c.status.in_([status.value for status in HOLDING_DAYS]),
            leave.c.start_date <= last,
            leave.c.end_date >= first,
        )
        .order_by(leave.c.start_date)
    )
    return [dict(row) for row in (await db.execute(query)).mappings()]


async def cancel_leave(db: Session, tenant: Tenant, leave_id: str, at: datetime) -> None:
    await db.execute(
        update(leave)
        .where(*in_tenant(leave, tenant), leave.c.id == leave_id)
        .values(status=LeaveStatus.cancelled.value, cancelled_at=at)
    )


async def decide_request(
    db: Session, tenant: Tenant, leave_id: str, decision: dict[str, Any]
) -> bool:
    """Write `decision` (status, decided_by, decided_at, decision_note) on requested leave.

    The status is checked in the UPDATE itself, so of two decisions racing on one request
    exactly one finds it still requested; False when this one did not.
    """
    result = await db.execute(
        update(leave)
        .where(
            *in_tenant(leave, tenant),
            leave.c.id == leave_id,
            leave.c.status == LeaveStatus.requested.value,
        )
        .values(**decision)
    )
    return bool(result.rowcount == 1)


def _filters(filters: LeaveFilters) -> list[ColumnElement[bool]]:
    """The conditions the filters add to the tenant's."""
    conditions: list[ColumnElement[bool]] = []
    if filters.employee_id is not None:
        conditions.append(leave.c.employee_id == filters.employee_id)
    if filters.kind is not None:
        conditions.append(leave.c.kind == filters.kind.value)
    if filters.status is not None:
        conditions.append(leave.c.status == filters.status.value)
    if filters.from_ is not None:
        conditions.append(leave.c.end_date >= filters.from_)
    if filters.to is not None:
        conditions.append(leave.c.start_date <= filters.to)
    return conditions


async def list_leave(
    db: Session, tenant: Tenant, filters: LeaveFilters, page: PageRequest
) -> tuple[PageRows, int]:
    return await fetch_page(db, leave, tenant, _filters(filters), page)
