"""The rules of the leave journal: working-day counts, no overlaps, approval, cancellation,
balances."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from pulse.core.errors import Conflict, PermissionDenied, Unprocessable, not_found
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
from pulse.leave.schemas import (
    HOLDING_DAYS,
    Leave,
    LeaveCreate,
    LeaveDecision,
    LeaveFilters,
    LeaveStatus,
)
from pulse.workspaces.service import get_workspace
from pulse.workspaces.settings import LeaveKind, leave_policy, needs_approval

LOGGED, CANCELLED = "leave.logged", "leave.cancelled"
REQUESTED, APPROVED, DECLINED = "leave.requested", "leave.approved", "leave.declined"
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
    clash = await repository.holding_between(
        db, tenant, employee_id, data.start_date, data.end_date
    )
    if clash:
        raise Conflict(
            f"This overlaps {employee_id}'s {clash[0]['status']} leave {clash[0]['id']} "
            f"({clash[0]['start_date']} to {clash[0]['end_date']}).",
            fields=["start_date", "end_date"],
        )
    working = calendar.count_working_days(data.start_date, data.end_date, employee["country"])
    requested = needs_approval(await get_workspace(db, tenant.workspace_id), data.kind)
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
        "status": (LeaveStatus.requested if requested else LeaveStatus.logged).value,
        "created_at": utcnow(),
        "cancelled_at": None,
        "decided_by": None,
        "decided_at": None,
        "decision_note": None,
    }
    created = to_document(row)
    await insert_with_event(db, tenant, leave, row, REQUESTED if requested else LOGGED, created)
    return created


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


async def decide_leave(
    db: Session, principal: Principal, leave_id: str, approve: bool, data: LeaveDecision | None
) -> dict[str, Any]:
    """Approve or decline requested leave, as its employee's manager (a personal key) or
    as an integration key; the decision and its event are written together."""
    tenant = principal.tenant
    row = await repository.get_leave(db, tenant, leave_id)
    if row is None:
        raise not_found("leave", leave_id)
    await _check_decider(db, principal, row["employee_id"])
    status = LeaveStatus.approved if approve else LeaveStatus.declined
    decision = {
        "status": status.value,
        "decided_by": principal.employee_id,
        "decided_at": utcnow(),
        "decision_note": data.note if data is not None else None,
    }
    # A decision that lost a race finds the leave no longer requested, as a late one does.
    if row["status"] != LeaveStatus.requested.value or not await repository.decide_request(
        db, tenant, leave_id, decision
    ):
        current = await repository.get_leave(db, tenant, leave_id)
        raise Conflict(
            f"Leave {leave_id} is {current['status'] if current else row['status']}; "
            "only requested leave is approved or declined."
        )
    decided = to_document({**row, **decision})
    await record_event(db, tenant, APPROVED if approve else DECLINED, decided)
    return decided


async def _check_decider(db: Session, principal: Principal, employee_id: str) -> None:
    """An integration key decides any request; a personal key only its reports'."""
    if principal.employee_id is None:
        return
    if principal.employee_id == employee_id:
        raise PermissionDenied("An employee cannot decide their own leave; their manager does.")
    employee = await employees.get_employee(db, principal.tenant, employee_id)
    if employee is None or employee["manager_id"] != principal.employee_id:
        raise PermissionDenied(
            f"Only {employee_id}'s manager (or an integration key) decides their leave."
        )


async def cancel_leave(db: Session, principal: Principal, leave_id: str) -> dict[str, Any]:
    """Cancel logged, requested or approved leave; it stays in the journal. Cancelling
    twice changes nothing."""
    tenant = principal.tenant
    row = await repository.get_leave(db, tenant, leave_id, for_update=True)
    if row is None:
        raise not_found("leave", leave_id)
    principal.acting_employee(row["employee_id"])
    if row["status"] == LeaveStatus.cancelled.value:
        return to_document(row)
    # What still holds its days may be cancelled; declined leave holds none.
    if row["status"] not in HOLDING_DAYS:
        raise Conflict(f"Leave {leave_id} is {row['status']}; there is nothing to cancel.")
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
    pending = dict.fromkeys(LeaveKind, 0)
    for row in await repository.holding_between(db, tenant, employee_id, first, last):
        spread = calendar.Spread(
            row["start_date"], row["end_date"], employee["country"], row["half_days"]
        )
        kind = LeaveKind(row["kind"])
        if row["status"] == LeaveStatus.requested.value:
            pending[kind] += spread.between(first, last)
            continue
        taken[kind] += spread.between(first, before_today)
        planned[kind] += spread.between(max(first, before_today + calendar.ONE_DAY), last)
    return {
        "employee_id": employee_id,
        "year": year,
        "balances": [
            _kind_balance(
                kind, policy[kind], employee, year, taken[kind], planned[kind], pending[kind]
            )
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
    pending: int,
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
        "pending": days(pending),
        "remaining": remaining,
    }
