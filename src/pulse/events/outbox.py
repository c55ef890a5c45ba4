"""The outbox: every change writes its event in the change's own transaction.

No change without its event, no event without its change. Delivery to webhooks
reads the outbox later; the event row is the single source of what happened.
"""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.events import repository
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id
from pulse.kit.tenancy import Tenant


async def record_event(
    conn: AsyncConnection,
    tenant: Tenant,
    event_type: str,
    data: dict[str, Any],
    *,
    fan_out: bool = True,
) -> dict[str, Any]:
    """Write event `event_type` with `data` (the full resource after the change).

    `fan_out=False` keeps it from the subscribed endpoints: the caller delivers it
    itself (a test event goes only to the endpoint it tests).
    """
    now = utcnow()
    row = {
        "workspace_id": tenant.workspace_id,
        "environment": tenant.environment.value,
        "id": new_id("evt"),
        "type": event_type,
        "created_at": now,
        "data": data,
        "fanned_out_at": None if fan_out else now,
    }
    await repository.insert_event(conn, row)
    return row
