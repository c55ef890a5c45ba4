"""SQL of the events outbox and the event log."""

from typing import Any

from sqlalchemy import ColumnElement, exists

from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.queries import PageRows, fetch_by_id, fetch_page
from pulse.db.session import Session
from pulse.db.tables import events, webhook_deliveries
from pulse.events.schemas import EventFilters


async def get_event(db: Session, tenant: Tenant, event_id: str) -> dict[str, Any] | None:
    return await fetch_by_id(db, events, tenant, event_id)


def _has_failed_delivery() -> ColumnElement[bool]:
    return exists().where(
        webhook_deliveries.c.workspace_id == events.c.workspace_id,
        webhook_deliveries.c.environment == events.c.environment,
        webhook_deliveries.c.event_id == events.c.id,
        webhook_deliveries.c.status == "failed",
    )


def _filters(filters: EventFilters) -> list[ColumnElement[bool]]:
    """The conditions the filters add to the tenant's."""
    conditions: list[ColumnElement[bool]] = []
    if filters.type is not None:
        conditions.append(events.c.type == filters.type)
    if filters.created_from is not None:
        conditions.append(events.c.created_at >= filters.created_from)
    if filters.created_to is not None:
        conditions.append(events.c.created_at <= filters.created_to)
    if filters.delivery_failed is not None:
        failed = _has_failed_delivery()
        conditions.append(failed if filters.delivery_failed else ~failed)
    return conditions


async def list_events(
    db: Session, tenant: Tenant, filters: EventFilters, page: PageRequest
) -> tuple[PageRows, int]:
    return await fetch_page(db, events, tenant, _filters(filters), page)
