"""The rules of the leave journal: working-day counts, no overlaps, cancellation, balances."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from pulse.core.errors import Conflict, Unprocessable, not_found
from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.dialect import lock_for_transaction
from pulse.db.session import Session
from pulse.db.tables import leave
from pulse.employees import repository as employees
from pulse.employees.service import referenced_employee
from pulse.events.outbox import insert_with_event, record_event
from pulse.kit.clock import today, utcnow
from pulse.kit.ids import new_id
from pulse.kit.pagination import make_page
from pulse.kit.principals import Principal
from pulse.kit.rendering import ResourceShape
from pulse.leave import calendar, repository
from pulse.leave.schemas import Leave, LeaveCreate, LeaveFilters, LeaveStatus
from pulse.workspaces.service import get_workspace
from pulse.workspaces.settings import LeaveKind, leave_policy

LOGGED, CANCELLED = "leave.logged", "leave.cancelled"
# A year, leap day included: longer absences are several leaves.
MAX_LEAVE_DAYS = 366


LEAVE = ResourceShape(Leave)


def days(half_days: int) -> int | float:
    """A number of days as answered: 5 days are `5`, four and a half `4.5`."""
    return half_days // 2 if half_days % 2 == 0 else half_days / 2


def to_document(row: Mapping[str, Any]) -> dict[str, Any]:
    """The leave as the API shows it, `days` from the stored half days."""
    return LEAVE.document(row, days=days(row["half_days"]))


async def list_leave(
    db: Session, tenant: Tenant, filters: LeaveFilters, page: PageRequest
) -> dict[str, Any]:
    rows, total = await repository.list_leave(db, tenant, filters, page)
    return make_page(page, [to_document(row) for row in rows], total)


async def get_leave(db: Session, tenant: Tenant, leave_id: str) -> dict[str, Any]:
    row = await repository.get_leave(db, tenant, leave_id)
    if row is None:
        raise not_found("leave", leave_id)
    return to_document(row)


async def log_leave(db: Session, principal: Principal, data: LeaveCreate) -> dict[str, Any]:
    tenant = principal.tenant
    employee_id = principal.acting_employee(data.employee_id)
    employee = await referenced_employee(db, tenant, employee_id, "employee_id")
    if data.end_date < data.start_date:
        raise Unprocessable("end_date must be after start_date", fields=["end_date"])
    if (data.end_date - data.start_date).days + 1 > MAX_LEAVE_DAYS:
        raise Unprocessable(
            f"A leave spans at most {MAX_LEAVE_DAYS} days, start_date and end_date included; "
            "log a longer absence as consecutive leaves.",
            fields=["end_date"],
        )
    _check_within_employment(employee, data.start_date, data.end_date)
    # Serialise this employee's leave writes, so two overlapping requests cannot both
    # pass the overlap check.
    await lock_for_transaction(db, tenant, f"leave.employee:{employee_id}")
    clash = await repository.logged_between(db, tenant, employee_id, data.start_date, data.end_date)
    if clash:
        raise Conflict(
            f"This overlaps {employee_id}'s logged leave {clash[0]['id']} "
            f"({clash[0]['start_date']} to {clash[0]['end_date']}).",
            fields=["start_date", "end_date"],
        )
    working = calendar.count_working_days(data.start_date, data.end_date, employee["country"])
    row = {
        "workspace_id": tenant.workspace_id,
        "environment": tenant.environment.value,
        "id": new_id("lv"),
        "employee_id": employee_id,
        "kind": data.kind.value,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "half_days": _half_days(data.days, working),
        "note": data.note,
        "status": LeaveStatus.logged.value,
        "created_at": utcnow(),
        "cancelled_at": None,
    }
    logged = to_document(row)
    await insert_with_event(db, tenant, leave, row, LOGGED, logged)
    return logged


def _check_within_employment(employee: dict[str, Any], start: date, end: date) -> None:
    if start < employee["start_date"]:
        raise Unprocessable(
            f"{employee['id']} starts on {employee['start_date']}; leave cannot begin before.",
            fields=["start_date"],
        )
    if employee["end_date"] is not None and end > employee["end_date"]:
        raise Unprocessable(
            f"{employee['id']} leaves on {employee['end_date']}; leave cannot end after.",
            fields=["end_date"],
        )


def _half_days(requested: float | None, working: int) -> int:
    if requested is None:
        return working * 2
    if requested > working:
        raise Unprocessable(
            f"days is {requested:g}, more than the {working} working day(s) of the range.",
            fields=["days"],
        )
    return int(requested * 2)


async def cancel_leave(db: Session, principal: Principal, leave_id: str) -> dict[str, Any]:
    """Cancel logged leave; it stays in the journal. Cancelling twice changes nothing."""
    tenant = principal.tenant
    row = await repository.get_leave(db, tenant, leave_id, for_update=True)
    if row is None:
        raise not_found("leave", leave_id)
    principal.acting_employee(row["employee_id"])
    if row["status"] == LeaveStatus.cancelled.value:
        return to_document(row)
    now = utcnow()
    await repository.cancel_leave(db, tenant, leave_id, now)
    cancelled = to_document({**row, "status": LeaveStatus.cancelled.value, "cancelled_at": now})
    await record_event(db, tenant, CANCELLED, cancelled)
    return cancelled


async def balance(db: Session, tenant: Tenant, employee_id: str, year: int) -> dict[str, Any]:
    employee = await employees.get_employee(db, tenant, employee_id)
    if employee is None:
        raise not_found("employee", employee_id)
    policy = leave_policy(await get_workspace(db, tenant.workspace_id))
    first, last = date(year, 1, 1), date(year, 12, 31)
    # The year's days before today (none when the year is ahead, all when it is past).
    before_today = min(today() - calendar.ONE_DAY, last)
    taken = dict.fromkeys(LeaveKind, 0)
    planned = dict.fromkeys(LeaveKind, 0)
    for row in await repository.logged_between(db, tenant, employee_id, first, last):
        spread = calendar.Spread(
            row["start_date"], row["end_date"], employee["country"], row["half_days"]
        )
        kind = LeaveKind(row["kind"])
        taken[kind] += spread.between(first, before_today)
        planned[kind] += spread.between(max(first, before_today + calendar.ONE_DAY), last)
    return {
        "employee_id": employee_id,
        "year": year,
        "balances": [
            _kind_balance(kind, policy[kind], employee, year, taken[kind], planned[kind])
            for kind in LeaveKind
        ],
    }


def _kind_balance(
    kind: LeaveKind,
    annual: float | None,
    employee: dict[str, Any],
    year: int,
    taken: int,
    planned: int,
) -> dict[str, Any]:
    """One kind's balance (`KindBalance`), counted in half days."""
    allowance = remaining = None
    if annual is not None:
        prorated = calendar.prorated_allowance(
            annual, employee["start_date"], employee["end_date"], year
        )
        allowance = round(prorated * 2)
        remaining = days(allowance - taken - planned)
    return {
        "kind": kind.value,
        "allowance": None if allowance is None else days(allowance),
        "taken": days(taken),
        "planned": days(planned),
        "remaining": remaining,
    }
