"""SQL of the events outbox."""

from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.db.tables import events


async def insert_event(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(insert(events).values(**row))
