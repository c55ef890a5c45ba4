"""The rules of employees. Every change writes its event in the same transaction."""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import MISSING
from sqlalchemy import Index

from pulse.core.errors import Conflict, NotFound, Unprocessable, not_found
from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.dialect import lock_for_transaction
from pulse.db.session import Session
from pulse.db.tables import employee_changes
from pulse.db.tables import employees as employees_table
from pulse.employees import repository
from pulse.employees.schemas import (
    ChangeStatus,
    Employee,
    EmployeeChange,
    EmployeeCreate,
    EmployeeFilters,
    EmployeeStatus,
    EmployeeUpdate,
)
from pulse.events.outbox import record_event, with_event
from pulse.kit.clock import today, utcnow
from pulse.kit.ids import new_id
from pulse.kit.pagination import make_page
from pulse.kit.principals import Principal
from pulse.kit.rendering import ResourceShape
from pulse.kit.writes import WritePlan, unique_or_conflict

CREATED, UPDATED, OFFBOARDED = "employee.created", "employee.updated", "employee.offboarded"
# Changing any manager takes this lock, so two concurrent changes cannot close a cycle.
MANAGER_LOCK = "employees.manager"


def status_on(end_date: date | None, day: date) -> EmployeeStatus:
    return (
        EmployeeStatus.former if end_date is not None and end_date <= day else EmployeeStatus.active
    )


EMPLOYEE = ResourceShape(Employee)
CHANGE = ResourceShape(EmployeeChange)
# The fields a change can touch, in the resource's order.
CHANGEABLE = tuple(
    name
    for name in EmployeeUpdate.model_fields
    if name in Employee.model_fields and name != "version"
)
ACCEPTED = 202
DATES = ("start_date", "end_date")


def to_document(row: Mapping[str, Any], day: date | None = None) -> dict[str, Any]:
    """The employee as the API shows it, its status as of `day` (default today)."""
    return EMPLOYEE.document(row, status=status_on(row["end_date"], day or today()))


def employed_on(row: dict[str, Any], day: date) -> bool:
    return row["start_date"] <= day and (row["end_date"] is None or day <= row["end_date"])


async def referenced_employee(
    db: Session, tenant: Tenant, employee_id: str, field: str
) -> dict[str, Any]:
    """The employee a journal entry names in `field`; 404 naming that field when unknown."""
    row = await repository.get_employee(db, tenant, employee_id)
    if row is None:
        raise NotFound(f"No employee with id {employee_id!r}.", fields=[field])
    return row


async def get_employee(db: Session, tenant: Tenant, employee_id: str) -> dict[str, Any]:
    row = await repository.get_employee(db, tenant, employee_id)
    if row is None:
        raise not_found("employee", employee_id)
    return to_document(row)


async def list_employees(
    db: Session, tenant: Tenant, filters: EmployeeFilters, page: PageRequest
) -> dict[str, Any]:
    day = today()
    rows, total = await repository.list_employees(db, tenant, filters, day, page)
    return make_page(page, [to_document(row, day) for row in rows], total)


async def plan_employee(db: Session, principal: Principal, data: EmployeeCreate) -> WritePlan:
    """The employee to create, checked against committed rows; the unique index on the
    email decides a race past the check."""
    principal.require_integration_key("create employees")
    tenant = principal.tenant
    _check_dates(data.start_date, data.end_date)
    if data.manager_id is not None:
        await _check_manager_exists(db, tenant, data.manager_id)
    if data.email is not None:
        await _check_email_free(db, tenant, data.email, None)
    now = utcnow()
    row = {
        **data.model_dump(),
        "workspace_id": tenant.workspace_id,
        "environment": tenant.environment.value,
        "id": new_id("emp"),
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    employee = to_document(row)
    rows = with_event(tenant, employees_table, row, CREATED, employee)
    # Creation is the history's first entry: every field set, from null.
    created = {name: row[name] for name in CHANGEABLE if row[name] not in (None, {})}
    history = change_row(tenant, row["id"], ChangeStatus.applied, now, _diff({}, created))
    history |= {"event_id": rows[1][1]["id"], "changed_at": now}
    return WritePlan(employee, (*rows, (employee_changes, history)), _unique_email(data.email))


def change_row(
    tenant: Tenant,
    employee_id: str,
    status: ChangeStatus,
    at: datetime,
    changes: dict[str, dict[str, Any]],
    effective_date: date | None = None,
) -> dict[str, Any]:
    """A history entry to be written (applied ones get their event and time beside)."""
    return {
        "workspace_id": tenant.workspace_id,
        "environment": tenant.environment.value,
        "id": new_id("chg"),
        "employee_id": employee_id,
        "status": status.value,
        "effective_date": effective_date or at.date(),
        "changes": changes,
        "event_id": None,
        "failure_reason": None,
        "created_at": at,
        "changed_at": None,
    }


def change_document(row: Mapping[str, Any]) -> dict[str, Any]:
    return CHANGE.document(row)


def parsed_changes(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values of a stored change as the employee row holds them (JSON keeps dates as text)."""
    return {
        name: date.fromisoformat(value) if name in DATES and value is not None else value
        for name, value in values.items()
    }


def _diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """`{field: {"from", "to"}}` for each field of `after` (absent from `before`: null)."""
    return {name: {"from": before.get(name), "to": value} for name, value in after.items()}


async def update_employee(
    db: Session, principal: Principal, employee_id: str, patch: EmployeeUpdate
) -> tuple[int, dict[str, Any]]:
    """Apply the patch now (200 and the employee), or schedule it for its
    `effective_date` (202 and the scheduled change)."""
    principal.require_integration_key("change employees")
    tenant = principal.tenant
    day = today()
    effective = None if patch.effective_date is MISSING else patch.effective_date
    if effective is not None and effective < day:
        raise Unprocessable(
            f"effective_date {effective} has passed: history is not rewritten. Send today's "
            "date (or none) to change the employee now.",
            fields=["effective_date"],
        )
    changes = patch.changes()
    if "manager_id" in changes:
        await lock_for_transaction(db, tenant, MANAGER_LOCK)
    current = await repository.get_employee(db, tenant, employee_id, for_update=True)
    if current is None:
        raise not_found("employee", employee_id)
    if current["erased_at"] is not None:
        raise Unprocessable(f"Employee {employee_id} was erased: it cannot change.")
    if patch.version is not MISSING and patch.version != current["version"]:
        raise Conflict(
            f"version {patch.version} is stale: the employee is at version {current['version']}.",
            fields=["version"],
        )
    changes = {name: value for name, value in changes.items() if current[name] != value}
    if effective is not None and effective > day:
        if not changes:
            raise Unprocessable(
                "Nothing to schedule: every field sent already has that value.",
                fields=["effective_date"],
            )
        await check_change(db, tenant, current, changes)
        row = change_row(
            tenant,
            employee_id,
            ChangeStatus.scheduled,
            utcnow(),
            _diff(current, changes),
            effective,
        )
        await repository.insert_change(db, row)
        return ACCEPTED, change_document(row)
    if not changes:
        return 200, to_document(current)
    await check_change(db, tenant, current, changes)
    return 200, await save(db, tenant, current, {**changes, "updated_at": utcnow()})


async def check_change(
    db: Session, tenant: Tenant, current: dict[str, Any], changes: dict[str, Any]
) -> None:
    """The rules a change must meet against the employee as they are now."""
    merged = {**current, **changes}
    _check_dates(merged["start_date"], merged["end_date"])
    if changes.get("manager_id") is not None:
        await _check_manager(db, tenant, current["id"], changes["manager_id"])
    if changes.get("email") is not None:
        await _check_email_free(db, tenant, changes["email"], current["id"])


async def offboard_employee(db: Session, principal: Principal, employee_id: str) -> dict[str, Any]:
    """End employment today (unless it has already ended). The record stays."""
    principal.require_integration_key("offboard employees")
    tenant = principal.tenant
    current = await repository.get_employee(db, tenant, employee_id, for_update=True)
    if current is None:
        raise not_found("employee", employee_id)
    day = today()
    if status_on(current["end_date"], day) is EmployeeStatus.former:
        return to_document(current)
    if current["start_date"] > day:
        raise Unprocessable(
            f"This employee starts on {current['start_date']}: there is no employment to end "
            "yet. Change start_date and end_date with PATCH instead.",
            fields=["start_date"],
        )
    return await save(db, tenant, current, {"end_date": day, "updated_at": utcnow()})


async def save(
    db: Session,
    tenant: Tenant,
    current: dict[str, Any],
    values: dict[str, Any],
    scheduled: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Write the change with its version bump, the event that tells of it (with each
    changed field's value before, `previous_attributes`) and its history entry: the
    `scheduled` change now applied, or a new entry."""
    with unique_or_conflict(*_unique_email(values.get("email"))):
        updated = await repository.update_employee(
            db, tenant, current["id"], current["version"], values
        )
    if not updated:
        # The row is locked for this transaction, so only a lost race gets here.
        raise Conflict("The employee changed during this request; retry.", fields=["version"])
    day = today()
    employee = to_document({**current, **values, "version": current["version"] + 1}, day)
    offboarded = (
        status_on(current["end_date"], day) is EmployeeStatus.active
        and employee["status"] is EmployeeStatus.former
    )
    touched = {name: values[name] for name in CHANGEABLE if name in values}
    previous = {name: current[name] for name in touched}
    event = await record_event(
        db,
        tenant,
        OFFBOARDED if offboarded else UPDATED,
        {**employee, "previous_attributes": previous},
    )
    applied = {
        "status": ChangeStatus.applied.value,
        "changes": _diff(current, touched),
        "event_id": event["id"],
        "changed_at": values["updated_at"],
    }
    if scheduled is None:
        row = change_row(tenant, current["id"], ChangeStatus.applied, values["updated_at"], {})
        await repository.insert_change(db, row | applied)
    elif not await repository.settle_change(db, tenant, scheduled["id"], "scheduled", applied):
        # The change is locked for this transaction, so only a lost race gets here.
        raise Conflict("The scheduled change was settled elsewhere.", fields=["change_id"])
    return employee


def _unique_email(email: str | None) -> tuple[tuple[Index, Conflict], ...]:
    """The 409 the email index means, when an email is written."""
    return () if email is None else ((repository.EMAIL_INDEX, _email_taken(email)),)


def _check_dates(start: date, end: date | None) -> None:
    if end is not None and end < start:
        raise Unprocessable("end_date must be after start_date", fields=["end_date"])


async def _check_manager_exists(db: Session, tenant: Tenant, manager_id: str) -> None:
    if await repository.get_employee(db, tenant, manager_id) is None:
        raise Unprocessable(f"manager_id: no employee {manager_id!r}.", fields=["manager_id"])


async def _check_manager(db: Session, tenant: Tenant, employee_id: str, manager_id: str) -> None:
    if manager_id == employee_id:
        raise Unprocessable("An employee cannot be their own manager.", fields=["manager_id"])
    await _check_manager_exists(db, tenant, manager_id)
    if await repository.chain_reaches(db, tenant, manager_id, employee_id):
        raise Unprocessable(
            f"manager_id: {manager_id} reports to {employee_id} already; "
            "this would make a management cycle.",
            fields=["manager_id"],
        )


async def _check_email_free(
    db: Session, tenant: Tenant, email: str, employee_id: str | None
) -> None:
    owner = await repository.email_owner(db, tenant, email)
    if owner is not None and owner != employee_id:
        raise _email_taken(email)


def _email_taken(email: str) -> Conflict:
    return Conflict(f"Another employee already uses the email {email}.", fields=["email"])
