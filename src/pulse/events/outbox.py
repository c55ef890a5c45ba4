"""The outbox: every change writes its event in the change's own transaction.

No change without its event, no event without its change. Delivery to webhooks
reads the outbox later; the event row is the single source of what happened.
"""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.core.tenancy import Tenant
from pulse.db.queries import insert_rows
from pulse.db.tables import events
from pulse.events import repository
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id


def event_row(
    tenant: Tenant, event_type: str, data: dict[str, Any], *, fan_out: bool = True
) -> dict[str, Any]:
    """Event `event_type` with `data` (the full resource after the change), to be written.

    `fan_out=False` keeps it from the subscribed endpoints: the caller delivers it
    itself (a test event goes only to the endpoint it tests).
    """
    now = utcnow()
    return {
        "workspace_id": tenant.workspace_id,
        "environment": tenant.environment.value,
        "id": new_id("evt"),
        "type": event_type,
        "created_at": now,
        "data": data,
        "fanned_out_at": None if fan_out else now,
    }


async def record_event(
    conn: AsyncConnection,
    tenant: Tenant,
    event_type: str,
    data: dict[str, Any],
    *,
    fan_out: bool = True,
) -> dict[str, Any]:
    """Write event `event_type` with `data` (see `event_row`)."""
    row = event_row(tenant, event_type, data, fan_out=fan_out)
    await repository.insert_event(conn, row)
    return row


async def insert_with_event(
    conn: AsyncConnection,
    tenant: Tenant,
    table: Table,
    row: Mapping[str, Any],
    event_type: str,
    data: dict[str, Any],
) -> None:
    """Insert a new resource's `row` and its event `event_type` with `data` together.

    One statement on PostgreSQL: a round trip fewer for every create, and a broken
    constraint (a duplicate, say) writes neither.
    """
    await insert_rows(conn, (table, row), (events, event_row(tenant, event_type, data)))
