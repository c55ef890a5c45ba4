"""Helpers shared by the journal tests."""

from typing import Any

from sqlalchemy import select

from pulse.db.tables import events
from tests.support.api import Api, Tenants


async def event_types(api: Api, tenants: Tenants) -> list[tuple[str, dict[str, Any]]]:
    """The tenant's events in order, as (type, data)."""
    async with tenants.engine.connect() as conn:
        result = await conn.execute(
            select(events.c.type, events.c.data)
            .where(
                events.c.workspace_id == api.tenant.workspace_id,
                events.c.environment == api.tenant.environment.value,
            )
            .order_by(events.c.id)
        )
        return [(row.type, row.data) for row in result]
