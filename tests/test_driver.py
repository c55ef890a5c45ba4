"""Rows written through the driver connection (PostgreSQL) keep the unit of work's rules.

`insert_row` skips SQLAlchemy's statement machinery on PostgreSQL. It must still write
inside the request's transaction (even as its first statement, before SQLAlchemy has
sent BEGIN), and a broken constraint must still raise SQLAlchemy's IntegrityError,
which the services turn into their 409s. SQLite takes SQLAlchemy's path: the same
assertions hold there.
"""

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from pulse.db.queries import insert_row, insert_rows
from pulse.db.tables import events
from pulse.events.outbox import event_row
from pulse.kit.ids import new_id
from pulse.kit.transactions import UnitOfWork, transaction
from tests.conftest import Api, Tenants


def _event(api: Api, event_id: str) -> dict[str, Any]:
    data = {"id": "emp_x", "lines": ["naïve ✓"], "n": 1}
    return {**event_row(api.tenant, "employee.created", data, fan_out=False), "id": event_id}


async def _stored(tenants: Tenants, event_id: str) -> Any:
    async with transaction(tenants.engine, write=False) as conn:
        query = select(events.c.data, events.c.created_at).where(events.c.id == event_id)
        return (await conn.execute(query)).first()


async def test_a_first_statement_through_the_driver_rolls_back_with_its_unit_of_work(
    api: Api, tenants: Tenants
) -> None:
    uow = UnitOfWork(tenants.engine, write=True)
    event_id = new_id("evt")
    await insert_row(await uow.connection(), events, _event(api, event_id))
    await uow.close()  # not committed
    assert await _stored(tenants, event_id) is None


async def test_a_row_through_the_driver_commits_with_its_unit_of_work(
    api: Api, tenants: Tenants
) -> None:
    uow = UnitOfWork(tenants.engine, write=True)
    event_id = new_id("evt")
    row = _event(api, event_id)
    try:
        await insert_row(await uow.connection(), events, row)
        await uow.commit()
    finally:
        await uow.close()
    stored = await _stored(tenants, event_id)
    assert stored.data == row["data"]  # JSON columns go through the column types
    assert stored.created_at == row["created_at"]


async def test_a_broken_constraint_raises_integrity_error(api: Api, tenants: Tenants) -> None:
    event_id = new_id("evt")
    async with transaction(tenants.engine, write=True) as conn:
        await insert_row(conn, events, _event(api, event_id))
    with pytest.raises(IntegrityError):
        async with transaction(tenants.engine, write=True) as conn:
            await insert_row(conn, events, _event(api, event_id))
    async with transaction(tenants.engine, write=False) as conn:
        count = select(func.count()).where(events.c.id == event_id)
        assert (await conn.execute(count)).scalar_one() == 1


async def test_rows_inserted_together_are_written_all_or_none(api: Api, tenants: Tenants) -> None:
    taken, fresh, other = new_id("evt"), new_id("evt"), new_id("evt")
    async with transaction(tenants.engine, write=True) as conn:
        await insert_row(conn, events, _event(api, taken))
    with pytest.raises(IntegrityError):
        async with transaction(tenants.engine, write=True) as conn:
            await insert_rows(conn, (events, _event(api, fresh)), (events, _event(api, taken)))
    assert await _stored(tenants, fresh) is None
    async with transaction(tenants.engine, write=True) as conn:
        await insert_rows(conn, (events, _event(api, fresh)), (events, _event(api, other)))
    assert await _stored(tenants, fresh) is not None
    assert await _stored(tenants, other) is not None
