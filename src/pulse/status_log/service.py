"""The rules of the status log: one entry per employee per day, while employed."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.core.errors import Conflict, Unprocessable, not_found
from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.integrity import index_named, unique_or_conflict
from pulse.db.tables import status_log
from pulse.employees.service import employed_on, referenced_employee
from pulse.events.outbox import insert_with_event
from pulse.kit.auth import Principal
from pulse.kit.clock import today, utcnow
from pulse.kit.ids import new_id
from pulse.kit.pagination import make_page
from pulse.kit.rendering import ResourceShape
from pulse.status_log import repository
from pulse.status_log.schemas import StatusLogCreate, StatusLogEntry, StatusLogFilters

POSTED = "status_log.posted"
ONE_PER_DAY = index_named(status_log.indexes, "ix_status_log_employee_date")


ENTRY = ResourceShape(StatusLogEntry)


def to_resource(row: Mapping[str, Any]) -> StatusLogEntry:
    return ENTRY.validated(row)


async def get_entry(conn: AsyncConnection, tenant: Tenant, entry_id: str) -> dict[str, Any]:
    row = await repository.get_entry(conn, tenant, entry_id)
    if row is None:
        raise not_found("status-log entry", entry_id)
    return ENTRY.document(row)


async def list_entries(
    conn: AsyncConnection, tenant: Tenant, filters: StatusLogFilters, page: PageRequest
) -> dict[str, Any]:
    rows, total = await repository.list_entries(conn, tenant, filters, page)
    return make_page(page, [ENTRY.document(row) for row in rows], total)


async def post_entry(
    conn: AsyncConnection, principal: Principal, data: StatusLogCreate
) -> StatusLogEntry:
    tenant = principal.tenant
    employee_id = principal.acting_employee(data.employee_id)
    employee = await referenced_employee(conn, tenant, employee_id, "employee_id")
    day = data.date or today()
    if not employed_on(employee, day):
        raise Unprocessable(f"{employee_id} is not employed on {day}.", fields=["date"])
    # The unique index decides (no read first): one round trip fewer on every post.
    taken = Conflict(f"{employee_id} already has a status-log entry for {day}.", fields=["date"])
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
    entry = to_resource(row)
    with unique_or_conflict(ONE_PER_DAY, taken):
        await insert_with_event(
            conn, tenant, status_log, row, POSTED, entry.model_dump(mode="json")
        )
    return entry
