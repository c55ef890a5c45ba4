"""SQL of employees."""

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, or_, select, update

from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.dialect import insert_rows
from pulse.db.queries import PageRows, fetch_by_id, fetch_page, in_tenant
from pulse.db.session import Session
from pulse.db.tables import employee_changes, employees, index_named
from pulse.employees.schemas import EmployeeFilters, EmployeeStatus

# An email belongs to one employee of a tenant, whatever its case.
EMAIL_INDEX = index_named(employees, "ix_employees_email_unique")
# Manager chains are short; the bound only guards the walk against bad data.
MAX_CHAIN_DEPTH = 10_000


async def get_employee(
    db: Session, tenant: Tenant, employee_id: str, *, for_update: bool = False
) -> dict[str, Any] | None:
    return await fetch_by_id(db, employees, tenant, employee_id, for_update=for_update)


async def update_employee(
    db: Session, tenant: Tenant, employee_id: str, version: int, values: dict[str, Any]
) -> bool:
    """Apply `values` and bump the version if the row is still at `version`."""
    result = await db.execute(
        update(employees)
        .where(
            *in_tenant(employees, tenant),
            employees.c.id == employee_id,
            employees.c.version == version,
        )
        .values(**values, version=version + 1)
    )
    return bool(result.rowcount == 1)


async def email_owner(db: Session, tenant: Tenant, email: str) -> str | None:
    """The id of the employee using `email` (any case), if any."""
    query = select(employees.c.id).where(
        *in_tenant(employees, tenant), func.lower(employees.c.email) == email.lower()
    )
    return (await db.execute(query)).scalar_one_or_none()


async def chain_reaches(db: Session, tenant: Tenant, start_id: str, target_id: str) -> bool:
    """Whether walking up the manager chain from `start_id` reaches `target_id`."""
    start = (
        select(employees.c.id, employees.c.manager_id, literal(0).label("depth"))
        .where(*in_tenant(employees, tenant), employees.c.id == start_id)
        .cte("chain", recursive=True)
    )
    up = employees.alias("up")
    chain = start.union_all(
        select(up.c.id, up.c.manager_id, start.c.depth + 1).where(
            up.c.workspace_id == tenant.workspace_id,
            up.c.environment == tenant.environment.value,
            up.c.id == start.c.manager_id,
            start.c.depth < MAX_CHAIN_DEPTH,
        )
    )
    query = select(literal(1)).select_from(chain).where(chain.c.id == target_id).limit(1)
    return (await db.execute(query)).first() is not None


def _filters(filters: EmployeeFilters, today: date) -> list[ColumnElement[bool]]:
    """The conditions the filters add to the tenant's."""
    conditions: list[ColumnElement[bool]] = []
    if filters.status is EmployeeStatus.active:
        conditions.append(or_(employees.c.end_date.is_(None), employees.c.end_date > today))
    elif filters.status is EmployeeStatus.former:
        conditions.append(and_(employees.c.end_date.is_not(None), employees.c.end_date <= today))
    for name in ("department", "manager_id", "location"):
        value = getattr(filters, name)
        if value is not None:
            conditions.append(employees.c[name] == value)
    if filters.updated_since is not None:
        conditions.append(employees.c.updated_at >= filters.updated_since)
    if filters.q is not None:
        needle = filters.q.lower()
        conditions.append(
            or_(
                func.lower(employees.c.full_name).contains(needle, autoescape=True),
                func.lower(employees.c.email).contains(needle, autoescape=True),
            )
        )
    return conditions


async def list_employees(
    db: Session, tenant: Tenant, filters: EmployeeFilters, today: date, page: PageRequest
) -> tuple[PageRows, int]:
    return await fetch_page(db, employees, tenant, _filters(filters, today), page)


# History.


async def insert_change(db: Session, row: dict[str, Any]) -> None:
    await insert_rows(db, [(employee_changes, row)])


async def get_change(
    db: Session, tenant: Tenant, employee_id: str, change_id: str, *, for_update: bool = False
) -> dict[str, Any] | None:
    row = await fetch_by_id(db, employee_changes, tenant, change_id, for_update=for_update)
    return row if row is not None and row["employee_id"] == employee_id else None


async def list_changes(
    db: Session, tenant: Tenant, employee_id: str, page: PageRequest
) -> tuple[PageRows, int]:
    return await fetch_page(
        db, employee_changes, tenant, [employee_changes.c.employee_id == employee_id], page
    )


async def settle_change(
    db: Session, tenant: Tenant, change_id: str, was: str, values: dict[str, Any]
) -> bool:
    """Update the change if its status is still `was`: whoever moves it first wins."""
    result = await db.execute(
        update(employee_changes)
        .where(
            *in_tenant(employee_changes, tenant),
            employee_changes.c.id == change_id,
            employee_changes.c.status == was,
        )
        .values(**values)
    )
    return bool(result.rowcount == 1)


async def next_due_change(db: Session, day: date) -> dict[str, Any] | None:
    """A scheduled change due on or before `day`, in any tenant, locked for this
    transaction; changes other workers hold are skipped (SKIP LOCKED on PostgreSQL)."""
    query = (
        select(employee_changes)
        .where(employee_changes.c.status == "scheduled", employee_changes.c.effective_date <= day)
        .order_by(employee_changes.c.effective_date, employee_changes.c.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    row = (await db.execute(query)).mappings().first()
    return dict(row) if row is not None else None
