"""The rules of workload check-ins: one per employee per week, in a week they are employed."""

from datetime import date, timedelta
from typing import Any

from pulse.core.errors import Conflict, Unprocessable, not_found
from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.session import Session
from pulse.db.tables import workload_checkins
from pulse.employees.service import referenced_employee
from pulse.events.outbox import with_event
from pulse.kit.clock import today, utcnow
from pulse.kit.ids import new_id
from pulse.kit.pagination import make_page
from pulse.kit.principals import Principal
from pulse.kit.rendering import ResourceShape
from pulse.kit.writes import WritePlan
from pulse.workload import repository
from pulse.workload.schemas import WorkloadCheckin, WorkloadCheckinCreate, WorkloadCheckinFilters

RECORDED = "workload.recorded"
LAST_DAY_OF_WEEK = timedelta(days=6)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def employed_during_week(employee: dict[str, Any], week_start: date) -> bool:
    """Whether the employee works on at least one day of the week (joiners and leavers count)."""
    week_end = week_start + LAST_DAY_OF_WEEK
    ended = employee["end_date"]
    return employee["start_date"] <= week_end and (ended is None or ended >= week_start)


CHECKIN = ResourceShape(WorkloadCheckin)


async def get_checkin(db: Session, tenant: Tenant, checkin_id: str) -> dict[str, Any]:
    row = await repository.get_checkin(db, tenant, checkin_id)
    if row is None:
        raise not_found("workload check-in", checkin_id)
    return CHECKIN.document(row)


async def list_checkins(
    db: Session, tenant: Tenant, filters: WorkloadCheckinFilters, page: PageRequest
) -> dict[str, Any]:
    rows, total = await repository.list_checkins(db, tenant, filters, page)
    return make_page(page, [CHECKIN.document(row) for row in rows], total)


async def plan_checkin(db: Session, principal: Principal, data: WorkloadCheckinCreate) -> WritePlan:
    """The check-in to record, checked against committed rows; the unique index on
    (employee, week) decides a race."""
    tenant = principal.tenant
    employee_id = principal.acting_employee(data.employee_id)
    employee = await referenced_employee(db, tenant, employee_id, "employee_id")
    week_start = data.week_start or monday_of(today())
    if not employed_during_week(employee, week_start):
        raise Unprocessable(
            f"{employee_id} is not employed during the week of {week_start}.",
            fields=["week_start"],
        )
    taken = Conflict(
        f"{employee_id} already has a workload check-in for the week of {week_start}.",
        fields=["week_start"],
    )
    if await repository.checkin_exists(db, tenant, employee_id, week_start):
        raise taken
    row = {
        "workspace_id": tenant.workspace_id,
        "environment": tenant.environment.value,
        "id": new_id("wl"),
        "employee_id": employee_id,
        "week_start": week_start,
        "level": data.level.value,
        "created_at": utcnow(),
    }
    checkin = CHECKIN.document(row)
    return WritePlan(
        checkin,
        with_event(tenant, workload_checkins, row, RECORDED, checkin),
        conflicts=((repository.ONE_PER_WEEK, taken),),
    )
