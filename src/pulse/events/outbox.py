"""The outbox: every change writes its event in the change's own transaction.

No change without its event, no event without its change. Delivery to webhooks
reads the outbox later; the event row is the single source of what happened.
"""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table

from pulse.core.tenancy import Tenant
from pulse.db.dialect import Row, insert_rows
from pulse.db.session import Session
from pulse.db.tables import events
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


def with_event(
    tenant: Tenant, table: Table, row: Mapping[str, Any], event_type: str, data: dict[str, Any]
) -> tuple[Row, Row]:
    """A new resource's `row` and the row of its event `event_type` with `data`, to be
    written together."""
    return (table, row), (events, event_row(tenant, event_type, data))


async def record_event(
    db: Session,
    tenant: Tenant,
    event_type: str,
    data: dict[str, Any],
    *,
    fan_out: bool = True,
) -> dict[str, Any]:
    """Write event `event_type` with `data` (see `event_row`)."""
    row = event_row(tenant, event_type, data, fan_out=fan_out)
    await insert_rows(db, [(events, row)])
    return row


async def insert_with_event(
    db: Session,
    tenant: Tenant,
    table: Table,
    row: Mapping[str, Any],
    event_type: str,
    data: dict[str, Any],
) -> None:
    """Insert a new resource's `row` and its event together: one statement on
    PostgreSQL, and a broken constraint (a duplicate, say) writes neither."""
    await insert_rows(db, with_event(tenant, table, row, event_type, data))
