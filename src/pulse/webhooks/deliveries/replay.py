"""Replaying an event: new deliveries of it, unchanged and under its own id."""

from collections.abc import Sequence
from typing import Any

from pulse.core.errors import NotFound, Unprocessable
from pulse.core.tenancy import Tenant
from pulse.db.session import Session
from pulse.events.catalogue import TEST_EVENT, subscribes
from pulse.events.service import event_row
from pulse.kit.principals import Principal
from pulse.webhooks.deliveries import repository
from pulse.webhooks.deliveries.service import create_deliveries
from pulse.webhooks.endpoints import repository as endpoints


async def replay_event(
    db: Session, principal: Principal, event_id: str, endpoint_id: str | None
) -> list[dict[str, Any]]:
    """New pending deliveries of the event.

    To `endpoint_id` alone when given, else to every enabled endpoint subscribed to
    the event's type (none subscribed: no deliveries, which is not an error).
    Replaying sends the workspace's events to its webhooks, which is the integration's
    business: a personal key may no more replay than it may manage the endpoints.
    """
    principal.require_integration_key("replay events")
    tenant = principal.tenant
    event = await event_row(db, tenant, event_id)
    if endpoint_id is not None:
        targets: Sequence[str] = [await _named_endpoint(db, tenant, endpoint_id)]
    else:
        targets = await _subscribed_endpoints(db, tenant, event["type"])
    return await create_deliveries(db, tenant, event, targets)


async def _named_endpoint(db: Session, tenant: Tenant, endpoint_id: str) -> str:
    """An endpoint asked for by name: it need not subscribe to the type, but must be enabled."""
    endpoint = await endpoints.get_endpoint(db, tenant, endpoint_id)
    if endpoint is None:
        raise NotFound(f"No webhook endpoint with id {endpoint_id!r}.", fields=["endpoint_id"])
    if not endpoint["enabled"]:
        raise Unprocessable(
            f"Webhook endpoint {endpoint_id} is disabled; enable it before replaying to it.",
            fields=["endpoint_id"],
        )
    return endpoint_id


async def _subscribed_endpoints(db: Session, tenant: Tenant, event_type: str) -> Sequence[str]:
    if event_type == TEST_EVENT:
        raise Unprocessable(
            f"A {TEST_EVENT} event goes only to the endpoint it tests: name it in endpoint_id.",
            fields=["endpoint_id"],
        )
    enabled = await repository.enabled_endpoints(
        db, [(tenant.workspace_id, tenant.environment.value)]
    )
    return sorted(e["id"] for e in enabled if subscribes(e["events"], event_type))
