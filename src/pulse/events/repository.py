"""SQL of the events outbox and the event log."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.db.queries import fetch_by_id, fetch_page, in_tenant
from pulse.db.tables import events, webhook_deliveries
from pulse.events.schemas import EventFilters
from pulse.kit.pagination import PageRequest
from pulse.kit.tenancy import Tenant
from pulse.webhooks.deliveries.schemas import DeliveryStatus

ONE_SECOND = timedelta(seconds=1)


async def insert_event(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(insert(events).values(**row))


async def get_event(conn: AsyncConnection, tenant: Tenant, event_id: str) -> dict[str, Any] | None:
    return await fetch_by_id(conn, events, tenant, event_id)


# Events are stored with sub-second precision but shown in whole seconds. The inclusive
# created_from / created_to filters compare the times clients have seen: an event shown
# as 10:12:03Z matches created_to=10:12:03Z even if it happened at 10:12:03.7.


def _shown_at_or_after(moment: datetime) -> ColumnElement[bool]:
    whole = moment.replace(microsecond=0)
    return events.c.created_at >= (whole if whole == moment else whole + ONE_SECOND)


def _shown_at_or_before(moment: datetime) -> ColumnElement[bool]:
    return events.c.created_at < moment.replace(microsecond=0) + ONE_SECOND


def _has_failed_delivery() -> ColumnElement[bool]:
    return exists().where(
        webhook_deliveries.c.workspace_id == events.c.workspace_id,
        webhook_deliveries.c.environment == events.c.environment,
        webhook_deliveries.c.event_id == events.c.id,
        webhook_deliveries.c.status == DeliveryStatus.failed.value,
    )


def _filters(tenant: Tenant, filters: EventFilters) -> list[ColumnElement[bool]]:
    conditions = in_tenant(events, tenant)
    if filters.type is not None:
        conditions.append(events.c.type == filters.type)
    if filters.created_from is not None:
        conditions.append(_shown_at_or_after(filters.created_from))
    if filters.created_to is not None:
        conditions.append(_shown_at_or_before(filters.created_to))
    if filters.delivery_failed is not None:
        failed = _has_failed_delivery()
        conditions.append(failed if filters.delivery_failed else ~failed)
    return conditions


async def list_events(
    conn: AsyncConnection, tenant: Tenant, filters: EventFilters, page: PageRequest
) -> tuple[list[dict[str, Any]], int]:
    return await fetch_page(conn, events, _filters(tenant, filters), page)
