"""Deliveries: made by the fan-out, by replays and by test events; listed per endpoint."""

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.session import Session
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id
from pulse.kit.pagination import make_page
from pulse.kit.rendering import ResourceShape
from pulse.webhooks.deliveries import repository
from pulse.webhooks.deliveries.schemas import (
    Delivery,
    DeliveryAttempt,
    DeliveryFilters,
    DeliveryStatus,
)

# Failed attempts are retried until this long after the event (or after its replay).
RETRY_WINDOW = timedelta(hours=72)

DELIVERY = ResourceShape(Delivery)
ATTEMPT = ResourceShape(DeliveryAttempt)


def to_document(row: Mapping[str, Any], attempts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return DELIVERY.document(row, attempts=[ATTEMPT.document(a) for a in attempts])


async def create_deliveries(
    db: Session,
    tenant: Tenant,
    event: Mapping[str, Any],
    endpoint_ids: Sequence[str],
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """One pending delivery of `event` per endpoint, due at once.

    Retries run until 72 hours after the event, or after now for a replay of an
    older event, so a replay gets the full window too.
    """
    now = now or utcnow()
    deadline = max(event["created_at"], now) + RETRY_WINDOW
    rows = [
        {
            "workspace_id": tenant.workspace_id,
            "environment": tenant.environment.value,
            "id": new_id("del"),
            "endpoint_id": endpoint_id,
            "event_id": event["id"],
            "event_type": event["type"],
            "status": DeliveryStatus.pending.value,
            "attempt_count": 0,
            "next_attempt_at": now,
            "lease_expires_at": None,
            "deadline_at": deadline,
            "last_error": None,
            "created_at": now,
            "completed_at": None,
        }
        for endpoint_id in endpoint_ids
    ]
    await repository.insert_deliveries(db, rows)
    return [to_document(row, []) for row in rows]


async def list_deliveries(
    db: Session,
    tenant: Tenant,
    endpoint_id: str,
    filters: DeliveryFilters,
    page: PageRequest,
) -> dict[str, Any]:
    """A page of the endpoint's deliveries, each with every attempt."""
    rows, total = await repository.list_deliveries(db, tenant, endpoint_id, filters, page)
    return make_page(page, await _with_attempts(db, tenant, rows), total)


async def newest_deliveries(
    db: Session, tenant: Tenant, endpoint_id: str, limit: int
) -> list[dict[str, Any]]:
    """The endpoint's newest `limit` deliveries, newest first, each with every attempt."""
    rows = await repository.newest_of_endpoint(db, tenant, endpoint_id, limit)
    return await _with_attempts(db, tenant, rows)


async def deliveries_of_event(db: Session, tenant: Tenant, event_id: str) -> list[dict[str, Any]]:
    """Every delivery of the event (to any endpoint), newest first, with every attempt."""
    rows = await repository.deliveries_of_event(db, tenant, event_id)
    return await _with_attempts(db, tenant, rows[::-1])


async def _with_attempts(
    db: Session, tenant: Tenant, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    attempts = await repository.attempts_of(db, tenant, [row["id"] for row in rows])
    return [to_document(row, attempts[row["id"]]) for row in rows]
