"""Erasure (GDPR art. 17) and export (art. 15 and 20) of one employee.

Erasure replaces the personal text about a former employee, wherever the API stored
it, with "[erased]" (or null, or `{}`), in one transaction with its `employee.erased`
event: the employee record, the history of their changes, their status-log lines,
the notes of kudos they gave or received, the notes on their leave, every stored
event about them, what receivers answered to those events' deliveries, and the
answers stored for Idempotency-Key replays. Ids, dates, coins, days and counts stay,
so lists, balances and totals stay exact. Nothing is kept aside: it cannot be undone.
"""

from collections.abc import Mapping
from typing import Any

import orjson

from pulse.core.errors import PermissionDenied, Unprocessable, not_found
from pulse.core.tenancy import Tenant
from pulse.db.session import Session
from pulse.db.tables import employee_changes, events, kudos, leave, status_log
from pulse.employees import repository as employees_repository
from pulse.employees import service as employees
from pulse.employees.schemas import ChangeStatus, EmployeeStatus
from pulse.events.outbox import record_event
from pulse.kit.clock import today, utcnow
from pulse.kit.principals import Principal
from pulse.kit.rendering import render
from pulse.kudos.service import KUDOS
from pulse.leave import service as leave_service
from pulse.privacy import repository
from pulse.scores import service as scores
from pulse.status_log.service import ENTRY
from pulse.workload.service import CHECKIN

ERASED_EVENT = "employee.erased"
ERASED = "[erased]"
# The employee's personal fields and what they become. `department` and `country` stay:
# headcounts read the one and working-day calendars (so leave balances) the other.
PERSONAL_FIELDS: dict[str, Any] = {
    "full_name": ERASED,
    "email": None,
    "role": None,
    "location": None,
    "custom_fields": {},
}
# The fields by which a journal record belongs to an employee.
EMPLOYEE_REFERENCES = ("employee_id", "from_employee_id", "to_employee_id")
# Free text in the journals, erased where it is about the employee.
NOTES = ("note", "decision_note")


def _refers_to(
    document: Mapping[str, Any], employee_id: str, fields: tuple[str, ...] = EMPLOYEE_REFERENCES
) -> bool:
    """Whether one of `fields` of `document` holds the employee's id."""
    return any(document.get(name) == employee_id for name in fields)


def _erased(field: str, value: Any) -> Any:
    """`value` of `field` once erased (null stays null: there was nothing to erase)."""
    if field not in PERSONAL_FIELDS or value is None:
        return value
    return PERSONAL_FIELDS[field]


def erase_document(document: Mapping[str, Any], employee_id: str) -> dict[str, Any]:
    """`document` (a row, or a resource as the API shows it) with the personal text about
    `employee_id` erased; anything else is returned as it was."""
    erased = dict(document)
    if erased.get("id") == employee_id:
        for field in PERSONAL_FIELDS:
            if field in erased:
                erased[field] = _erased(field, erased[field])
        if isinstance(erased.get("previous_attributes"), dict):
            erased["previous_attributes"] = {
                field: _erased(field, value)
                for field, value in erased["previous_attributes"].items()
            }
    if _refers_to(erased, employee_id):
        if isinstance(erased.get("lines"), list):
            erased["lines"] = [ERASED] * len(erased["lines"])
        if erased.get("topic") is not None:
            erased["topic"] = None
        for note in NOTES:
            if erased.get(note) is not None:
                erased[note] = ERASED
        if isinstance(erased.get("changes"), dict):
            erased["changes"] = {
                field: {side: _erased(field, value) for side, value in change.items()}
                for field, change in erased["changes"].items()
            }
    return erased


async def erase_employee(db: Session, principal: Principal, employee_id: str) -> dict[str, Any]:
    """Erase a former employee's personal data; erasing again answers the same."""
    principal.require_integration_key("erase employees")
    tenant = principal.tenant
    current = await employees_repository.get_employee(db, tenant, employee_id, for_update=True)
    if current is None:
        raise not_found("employee", employee_id)
    if current["erased_at"] is not None:
        return employees.to_document(current)
    if employees.status_on(current["end_date"], today()) is not EmployeeStatus.former:
        raise Unprocessable(
            "Only former employees can be erased: end their employment first "
            "(DELETE /v1/employees/{id}, or an end_date that has come).",
            fields=["end_date"],
        )
    now = utcnow()
    values = {field: _erased(field, current[field]) for field in PERSONAL_FIELDS}
    values |= {"erased_at": now, "updated_at": now}
    await employees_repository.update_employee(db, tenant, employee_id, current["version"], values)
    changes = await repository.changes_of(db, tenant, employee_id)
    await _erase_rows(db, tenant, employee_id, changes)
    await _erase_events(db, tenant, employee_id, _names_and_emails(current, changes))
    await _erase_stored_answers(db, tenant, employee_id)
    await record_event(db, tenant, ERASED_EVENT, {"id": employee_id})
    return employees.to_document({**current, **values, "version": current["version"] + 1})


def _names_and_emails(current: Mapping[str, Any], changes: list[dict[str, Any]]) -> list[str]:
    """Every name and email the employee had, as their record and history tell."""
    found = {current["full_name"], current["email"]}
    for change in changes:
        for field in ("full_name", "email"):
            found.update(change["changes"].get(field, {}).values())
    return sorted(text for text in found if isinstance(text, str) and text)


async def _erase_rows(
    db: Session, tenant: Tenant, employee_id: str, changes: list[dict[str, Any]]
) -> None:
    """The history and the journals: each row rewritten where erasing changed it."""
    for change in changes:
        erased = erase_document(change, employee_id)
        if change["status"] == ChangeStatus.scheduled.value:
            # Nothing is applied to an erased employee.
            erased["status"] = ChangeStatus.cancelled.value
        await _rewrite(db, tenant, employee_changes, change, erased)
    journals = (
        (status_log, await repository.status_log_of(db, tenant, employee_id)),
        (kudos, await repository.kudos_of(db, tenant, employee_id)),
        (leave, await repository.leave_of(db, tenant, employee_id)),
    )
    for table, rows in journals:
        for row in rows:
            await _rewrite(db, tenant, table, row, erase_document(row, employee_id))


async def _rewrite(
    db: Session, tenant: Tenant, table: Any, row: dict[str, Any], erased: dict[str, Any]
) -> None:
    changed = {name: value for name, value in erased.items() if row[name] != value}
    if changed:
        await repository.rewrite(db, table, tenant, row["id"], changed)


def _names(document: Mapping[str, Any], employee_id: str) -> bool:
    """Whether an event's `data` is about the employee (their record, or one of theirs)."""
    return _refers_to(document, employee_id, ("id", *EMPLOYEE_REFERENCES))


async def _erase_events(db: Session, tenant: Tenant, employee_id: str, mentions: list[str]) -> None:
    """Every stored event about the employee, and what receivers answered to them (or
    answered naming the person)."""
    after, about = "", []
    while batch := await repository.events_after(db, tenant, after):
        for event in batch:
            if not _names(event["data"], employee_id):
                continue
            about.append(event["id"])
            erased = erase_document(event["data"], employee_id)
            if erased != event["data"]:
                await repository.rewrite(db, events, tenant, event["id"], {"data": erased})
        after = batch[-1]["id"]
    await repository.forget_responses(db, tenant, about, mentions)


async def _erase_stored_answers(db: Session, tenant: Tenant, employee_id: str) -> None:
    """Answers kept for Idempotency-Key replays: a replay answers the erased document."""
    needle = employee_id.encode()
    for stored in await repository.stored_answers(db, tenant):
        body = bytes(stored["response_body"])
        if needle not in body:
            continue
        document = orjson.loads(body)
        if isinstance(document, dict):
            erased = render(erase_document(document, employee_id))
            await repository.rewrite_answer(db, tenant, stored["api_key_id"], stored["key"], erased)


async def export_employee(db: Session, principal: Principal, employee_id: str) -> dict[str, Any]:
    """Everything the API holds about the employee, as one document."""
    if principal.employee_id not in (None, employee_id):
        raise PermissionDenied(
            f"A personal key exports only its own employee ({principal.employee_id})."
        )
    tenant = principal.tenant
    employee = await employees.get_employee(db, tenant, employee_id)
    kudos_rows = await repository.kudos_of(db, tenant, employee_id)
    leave_rows = await repository.leave_of(db, tenant, employee_id)
    last_day = min(today(), employee["end_date"] or today())
    years = sorted({row["start_date"].year for row in leave_rows} | {last_day.year})
    return {
        "employee": employee,
        "history": [
            employees.change_document(row)
            for row in await repository.changes_of(db, tenant, employee_id)
        ],
        "status_log": [
            ENTRY.document(row) for row in await repository.status_log_of(db, tenant, employee_id)
        ],
        "kudos_given": [
            KUDOS.document(row) for row in kudos_rows if row["from_employee_id"] == employee_id
        ],
        "kudos_received": [
            KUDOS.document(row) for row in kudos_rows if row["to_employee_id"] == employee_id
        ],
        "workload_checkins": [
            CHECKIN.document(row) for row in await repository.checkins_of(db, tenant, employee_id)
        ],
        "leave": [leave_service.to_document(row) for row in leave_rows],
        "leave_balances": [
            await leave_service.balance(db, tenant, employee_id, year) for year in years
        ],
        "score": await scores.employee_score(db, principal, employee_id, None),
        "exported_at": utcnow(),
    }
