"""The rules of workload check-ins: one per employee per week, in a week they are employed."""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.core.errors import Conflict, Unprocessable, not_found
from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.integrity import index_named, unique_or_conflict
from pulse.db.tables import workload_checkins
from pulse.employees.service import referenced_employee
from pulse.events.outbox import insert_with_event
from pulse.kit.auth import Principal
from pulse.kit.clock import today, utcnow
from pulse.kit.ids import new_id
from pulse.kit.pagination import make_page
from pulse.kit.rendering import ResourceShape
from pulse.workload import repository
from pulse.workload.schemas import WorkloadCheckin, WorkloadCheckinCreate, WorkloadCheckinFilters

RECORDED = "workload.recorded"
ONE_PER_WEEK = index_named(workload_checkins.indexes, "ix_workload_checkins_employee_week")
LAST_DAY_OF_WEEK = timedelta(days=6)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def employed_during_week(employee: dict[str, Any], week_start: date) -> bool:
    """Whether the employee works on at least one day of the week (joiners and leavers count)."""
    week_end = week_start + LAST_DAY_OF_WEEK
    ended = employee["end_date"]
    return employee["start_date"] <= week_end and (ended is None or ended >= week_start)


CHECKIN = ResourceShape(WorkloadCheckin)


def to_resource(row: Mapping[str, Any]) -> WorkloadCheckin:
    return CHECKIN.validated(row)


async def get_checkin(conn: AsyncConnection, tenant: Tenant, checkin_id: str) -> dict[str, Any]:
    row = await repository.get_checkin(conn, tenant, checkin_id)
    if row is None:
        raise not_found("workload check-in", checkin_id)
    return CHECKIN.document(row)


async def list_checkins(
    conn: AsyncConnection, tenant: Tenant, filters: WorkloadCheckinFilters, page: PageRequest
) -> dict[str, Any]:
    rows, total = await repository.list_checkins(conn, tenant, filters, page)
    return make_page(page, [CHECKIN.document(row) for row in rows], total)


async def record_checkin(
    conn: AsyncConnection, principal: Principal, data: WorkloadCheckinCreate
) -> WorkloadCheckin:
    tenant = principal.tenant
    employee_id = principal.acting_employee(data.employee_id)
    employee = await referenced_employee(conn, tenant, employee_id, "employee_id")
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
    if await repository.checkin_exists(conn, tenant, employee_id, week_start):
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
    checkin = to_resource(row)
    with unique_or_conflict(ONE_PER_WEEK, taken):
        await insert_with_event(
            conn, tenant, workload_checkins, row, RECORDED, checkin.model_dump(mode="json")
        )
    return checkin
