"""Helpers shared by the journal tests."""

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from pulse.db.session import transaction
from pulse.db.tables import events, kudos
from pulse.kit.ids import new_id
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


async def insert_kudos(
    tenants: Tenants,
    api: Api,
    giver: str,
    receiver: str,
    coins: int,
    created_at: datetime,
    tag: str = "archive",
) -> None:
    """A kudos written straight to the table, to place it at a time of the test's choosing
    (another month, a day in a score's window)."""
    async with transaction(tenants.engine) as conn:
        await conn.execute(
            insert(kudos).values(
                workspace_id=api.tenant.workspace_id,
                environment=api.tenant.environment.value,
                id=new_id("kudo"),
                from_employee_id=giver,
                to_employee_id=receiver,
                coins=coins,
                tag=tag,
                note=None,
                created_at=created_at,
            )
        )
