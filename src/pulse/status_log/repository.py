"""SQL of the status log."""

from typing import Any

from sqlalchemy import ColumnElement

from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.queries import PageRows, fetch_by_id, fetch_page
from pulse.db.session import Session
from pulse.db.tables import index_named, status_log
from pulse.status_log.schemas import StatusLogFilters

# One entry per employee per day.
ONE_PER_DAY = index_named(status_log, "ix_status_log_employee_date")


async def get_entry(db: Session, tenant: Tenant, entry_id: str) -> dict[str, Any] | None:
    return await fetch_by_id(db, status_log, tenant, entry_id)


def _filters(filters: StatusLogFilters) -> list[ColumnElement[bool]]:
    """The conditions the filters add to the tenant's."""
    conditions: list[ColumnElement[bool]] = []
    if filters.employee_id is not None:
        conditions.append(status_log.c.employee_id == filters.employee_id)
    if filters.date_from is not None:
        conditions.append(status_log.c.date >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(status_log.c.date <= filters.date_to)
    if filters.topic is not None:
        conditions.append(status_log.c.topic == filters.topic)
    return conditions


async def list_entries(
    db: Session, tenant: Tenant, filters: StatusLogFilters, page: PageRequest
) -> tuple[PageRows, int]:
    return await fetch_page(db, status_log, tenant, _filters(filters), page)
