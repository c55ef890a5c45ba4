"""An employee's history: reading it, cancelling a scheduled change, and applying
scheduled changes on their effective date.

Changes applied at once are written by `service.save` with the change itself. A
scheduled change waits in the history until the delivery workers' loop (`pulse
worker`, or `pulse serve` delivering in process) finds it due; each is applied by one
worker only: the row is locked (SKIP LOCKED on PostgreSQL, so other workers pass on
to other rows) and moved from `scheduled` by a conditional UPDATE.
"""

import logging
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.core.errors import Conflict, NotFound, PulseError, Unprocessable, not_found
from pulse.core.pages import PageRequest
from pulse.core.tenancy import Environment, Tenant
from pulse.db.dialect import lock_for_transaction
from pulse.db.session import Session, transaction
from pulse.employees import repository, service
from pulse.employees.schemas import ChangeStatus
from pulse.kit.clock import today, utcnow
from pulse.kit.pagination import make_page
from pulse.kit.principals import Principal

log = logging.getLogger("pulse.employees")

# Due changes applied per pass of the loop, each in its own transaction.
BATCH = 100


async def list_history(
    db: Session, tenant: Tenant, employee_id: str, page: PageRequest
) -> dict[str, Any]:
    if await repository.get_employee(db, tenant, employee_id) is None:
        raise not_found("employee", employee_id)
    rows, total = await repository.list_changes(db, tenant, employee_id, page)
    return make_page(page, [service.change_document(row) for row in rows], total)


async def cancel_change(
    db: Session, principal: Principal, employee_id: str, change_id: str
) -> dict[str, Any]:
    """Cancel a scheduled change; 409 once it is applied, cancelled or failed."""
    principal.require_integration_key("cancel scheduled changes")
    tenant = principal.tenant
    change = await repository.get_change(db, tenant, employee_id, change_id, for_update=True)
    if change is None:
        raise not_found("change", change_id)
    cancelled = {"status": ChangeStatus.cancelled.value}
    if not await repository.settle_change(db, tenant, change_id, "scheduled", cancelled):
        raise Conflict(
            f"Change {change_id} is {change['status']}: only a scheduled change can be cancelled.",
            fields=["change_id"],
        )
    return service.change_document(change | cancelled)


async def apply_due_changes(engine: AsyncEngine, day: date | None = None) -> int:
    """Apply the scheduled changes due on or before `day` (default today, UTC), up to a
    batch; returns how many were settled (applied or failed)."""
    day = day or today()
    settled = 0
    while settled < BATCH:
        async with transaction(engine) as db:
            change = await repository.next_due_change(db, day)
            if change is None:
                break
            await _apply(db, change)
        settled += 1
    return settled


async def _apply(db: Session, change: dict[str, Any]) -> None:
    """Apply one locked, due change, or record why it no longer can be."""
    tenant = Tenant(change["workspace_id"], Environment(change["environment"]))
    wanted = {name: diff["to"] for name, diff in change["changes"].items()}
    wanted = service.parsed_changes(wanted)
    if "manager_id" in wanted:
        await lock_for_transaction(db, tenant, service.MANAGER_LOCK)
    current = await repository.get_employee(db, tenant, change["employee_id"], for_update=True)
    try:
        if current is None:
            raise NotFound("The employee no longer exists.")
        if current["erased_at"] is not None:
            raise Unprocessable("The employee was erased.")
        wanted = {name: value for name, value in wanted.items() if current[name] != value}
        await service.check_change(db, tenant, current, wanted)
    except PulseError as refused:
        log.info("scheduled change %s failed: %s", change["id"], refused.message)
        failed = {"status": ChangeStatus.failed.value, "failure_reason": refused.message[:500]}
        await repository.settle_change(db, tenant, change["id"], "scheduled", failed)
        return
    if not wanted:
        # Someone made the same change meanwhile: nothing is left to apply.
        nothing = {"status": ChangeStatus.applied.value, "changes": {}, "changed_at": utcnow()}
        await repository.settle_change(db, tenant, change["id"], "scheduled", nothing)
        return
    await service.save(db, tenant, current, {**wanted, "updated_at": utcnow()}, change)
