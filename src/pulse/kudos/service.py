"""The rules of kudos: between two active colleagues, within the giver's monthly allowance."""

from datetime import date, datetime
from typing import Any

from pulse.core.errors import Unprocessable, not_found
from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.dialect import lock_for_transaction
from pulse.db.session import Session
from pulse.db.tables import kudos
from pulse.employees.schemas import EmployeeStatus
from pulse.employees.service import referenced_employee, status_on
from pulse.events.outbox import insert_with_event
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id
from pulse.kit.pagination import make_page
from pulse.kit.principals import Principal
from pulse.kit.rendering import ResourceShape
from pulse.kudos import repository
from pulse.kudos.schemas import Kudos, KudosCreate, KudosFilters
from pulse.workspaces.service import get_workspace

AWARDED = "kudos.awarded"


KUDOS = ResourceShape(Kudos)


async def get_kudos(db: Session, tenant: Tenant, kudos_id: str) -> dict[str, Any]:
    row = await repository.get_kudos(db, tenant, kudos_id)
    if row is None:
        raise not_found("kudos", kudos_id)
    return KUDOS.document(row)


async def list_kudos(
    db: Session, tenant: Tenant, filters: KudosFilters, page: PageRequest
) -> dict[str, Any]:
    rows, total = await repository.list_kudos(db, tenant, filters, page)
    return make_page(page, [KUDOS.document(row) for row in rows], total)


async def give_kudos(db: Session, principal: Principal, data: KudosCreate) -> dict[str, Any]:
    tenant = principal.tenant
    giver_id = principal.acting_employee(data.from_employee_id, "from_employee_id")
    giver = await referenced_employee(db, tenant, giver_id, "from_employee_id")
    receiver = await referenced_employee(db, tenant, data.to_employee_id, "to_employee_id")
    if giver_id == data.to_employee_id:
        raise Unprocessable(
            "Kudos go to a colleague: nobody can give kudos to themselves.",
            fields=["to_employee_id"],
        )
    now = utcnow()
    _require_active(giver, now.date(), "from_employee_id")
    _require_active(receiver, now.date(), "to_employee_id")
    await _require_allowance_left(db, tenant, giver_id, data.coins, now)
    row = {
        "workspace_id": tenant.workspace_id,
        "environment": tenant.environment.value,
        "id": new_id("kudo"),
        "from_employee_id": giver_id,
        "to_employee_id": data.to_employee_id,
        "coins": data.coins,
        "tag": data.tag,
        "note": data.note,
        "created_at": now,
    }
    given = KUDOS.document(row)
    await insert_with_event(db, tenant, kudos, row, AWARDED, given)
    return given


def _require_active(employee: dict[str, Any], day: date, field: str) -> None:
    if employee["start_date"] > day:
        raise Unprocessable(
            f"{employee['id']} is not active yet: they start on {employee['start_date']}.",
            fields=[field],
        )
    if status_on(employee["end_date"], day) is not EmployeeStatus.active:
        raise Unprocessable(
            f"{employee['id']} is no longer active: their employment ended on "
            f"{employee['end_date']}.",
            fields=[field],
        )


def month_bounds(moment: datetime) -> tuple[datetime, datetime]:
    """The calendar month (UTC) holding `moment`, as [first instant, first of the next)."""
    start = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if start.month == 12:
        return start, start.replace(year=start.year + 1, month=1)
    return start, start.replace(month=start.month + 1)


async def _require_allowance_left(
    db: Session, tenant: Tenant, giver_id: str, coins: int, now: datetime
) -> None:
    # Two kudos from one giver checked side by side would each see the other's coins
    # as unspent; the lock makes the second wait until the first has committed.
    await lock_for_transaction(db, tenant, f"kudos.giver:{giver_id}")
    allowance = int((await get_workspace(db, tenant.workspace_id))["kudos_monthly_allowance"])
    month_start, next_month = month_bounds(now)
    spent = await repository.coins_given_between(db, tenant, giver_id, month_start, next_month)
    left = max(allowance - spent, 0)
    if coins > left:
        raise Unprocessable(
            f"{giver_id} has {left} of {allowance} coins left to give this month "
            f"(calendar month, UTC); this kudos would give {coins}.",
            fields=["coins"],
        )
