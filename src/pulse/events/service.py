"""Reading the event log, replaying an event to webhooks, and the event catalogue."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.core.errors import NotFound, Unprocessable, not_found
from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.events import repository
from pulse.events.catalogue import CATALOGUE, TEST_EVENT, subscribes
from pulse.events.documents import event_document
from pulse.events.schemas import EventFilters, EventType
from pulse.kit.pagination import make_page
from pulse.webhooks.deliveries import repository as deliveries
from pulse.webhooks.deliveries.schemas import Delivery
from pulse.webhooks.deliveries.service import create_deliveries
from pulse.webhooks.endpoints import repository as endpoints


async def _event_row(conn: AsyncConnection, tenant: Tenant, event_id: str) -> dict[str, Any]:
    row = await repository.get_event(conn, tenant, event_id)
    if row is None:
        raise not_found("event", event_id)
    return row


# An event reads as its webhook document, so the API and the receivers see the same event.


async def get_event(conn: AsyncConnection, tenant: Tenant, event_id: str) -> dict[str, Any]:
    return event_document(await _event_row(conn, tenant, event_id))


async def list_events(
    conn: AsyncConnection, tenant: Tenant, filters: EventFilters, page: PageRequest
) -> dict[str, Any]:
    rows, total = await repository.list_events(conn, tenant, filters, page)
    return make_page(page, [event_document(row) for row in rows], total)


async def _named_endpoint(conn: AsyncConnection, tenant: Tenant, endpoint_id: str) -> str:
    """An endpoint asked for by name: it need not subscribe to the type, but must be enabled."""
    endpoint = await endpoints.get_endpoint(conn, tenant, endpoint_id)
    if endpoint is None:
        raise NotFound(f"No webhook endpoint with id {endpoint_id!r}.", fields=["endpoint_id"])
    if not endpoint["enabled"]:
        raise Unprocessable(
            f"Webhook endpoint {endpoint_id} is disabled; enable it before replaying to it.",
            fields=["endpoint_id"],
        )
    return endpoint_id


async def _subscribed_endpoints(
    conn: AsyncConnection, tenant: Tenant, event_type: str
) -> Sequence[str]:
    if event_type == TEST_EVENT:
        raise Unprocessable(
            f"A {TEST_EVENT} event goes only to the endpoint it tests: name it in endpoint_id.",
            fields=["endpoint_id"],
        )
    enabled = await deliveries.enabled_endpoints(
        conn, [(tenant.workspace_id, tenant.environment.value)]
    )
    return sorted(e["id"] for e in enabled if subscribes(e["events"], event_type))


async def replay_event(
    conn: AsyncConnection, tenant: Tenant, event_id: str, endpoint_id: str | None
) -> list[Delivery]:
    """New pending deliveries of the event, unchanged and under its own id.

    To `endpoint_id` alone when given, else to every enabled endpoint subscribed to
    the event's type (none subscribed: no deliveries, which is not an error).
    """
    event = await _event_row(conn, tenant, event_id)
    if endpoint_id is not None:
        targets: Sequence[str] = [await _named_endpoint(conn, tenant, endpoint_id)]
    else:
        targets = await _subscribed_endpoints(conn, tenant, event["type"])
    return await create_deliveries(conn, tenant, event, targets)


def event_types() -> list[EventType]:
    return [
        EventType.model_validate(
            {"type": entry.type, "description": entry.description, "schema": entry.resource}
        )
        for entry in CATALOGUE
    ]
