"""The rules of the status log: one entry per employee per day, while employed."""

from typing import Any

from pulse.core.errors import Conflict, Unprocessable, not_found
from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.session import Session
from pulse.db.tables import status_log
from pulse.employees.service import employed_on, referenced_employee
from pulse.events.outbox import with_event
from pulse.kit.clock import today, utcnow
from pulse.kit.ids import new_id
from pulse.kit.pagination import make_page
from pulse.kit.principals import Principal
from pulse.kit.rendering import ResourceShape
from pulse.kit.writes import WritePlan
from pulse.status_log import repository
from pulse.status_log.schemas import StatusLogCreate, StatusLogEntry, StatusLogFilters

POSTED = "status_log.posted"

ENTRY = ResourceShape(StatusLogEntry)


async def get_entry(db: Session, tenant: Tenant, entry_id: str) -> dict[str, Any]:
    row = await repository.get_entry(db, tenant, entry_id)
    if row is None:
        raise not_found("status-log entry", entry_id)
    return ENTRY.document(row)


async def list_entries(
    db: Session, tenant: Tenant, filters: StatusLogFilters, page: PageRequest
) -> dict[str, Any]:
    rows, total = await repository.list_entries(db, tenant, filters, page)
    return make_page(page, [ENTRY.document(row) for row in rows], total)


async def plan_entry(db: Session, principal: Principal, data: StatusLogCreate) -> WritePlan:
    """The entry to post, checked against committed rows; the unique index on
    (employee, day) decides a race, so there is no read for a duplicate first."""
    tenant = principal.tenant
    employee_id = principal.acting_employee(data.employee_id)
    employee = await referenced_employee(db, tenant, employee_id, "employee_id")
    day = data.date or today()
    if not employed_on(employee, day):
        raise Unprocessable(f"{employee_id} is not employed on {day}.", fields=["date"])
    row = {
        "workspace_id": tenant.workspace_id,
        "environment": tenant.environment.value,
        "id": new_id("sl"),
        "employee_id": employee_id,
        "date": day,
        "lines": data.lines,
        "topic": data.topic,
        "created_at": utcnow(),
    }
    entry = ENTRY.document(row)
    taken = Conflict(f"{employee_id} already has a status-log entry for {day}.", fields=["date"])
    return WritePlan(
        entry,
        with_event(tenant, status_log, row, POSTED, entry),
        conflicts=((repository.ONE_PER_DAY, taken),),
    )
