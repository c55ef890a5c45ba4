"""Sessions waiting for a pooled connection are counted (the pool itself tells only what
is checked out), for the `pulse_db_pool_waiting` metric."""

import asyncio

import pytest
from sqlalchemy import text

from pulse.db.engine import create_engine
from pulse.db.session import reading, sessions_waiting, transaction
from tests.support.environment import make_settings

pytestmark = pytest.mark.postgres_only


async def test_a_session_waiting_for_the_only_connection_is_counted(database_url: str) -> None:
    engine = create_engine(make_settings(database_url, database_pool_size=1))
    try:
        async with transaction(engine) as holder:
            await holder.execute(text("select 1"))  # the pool's one connection, held

            async def read() -> int:
                async with reading(engine) as db:
                    return int((await db.execute(text("select 2"))).scalar_one())

            waiter = asyncio.create_task(read())
            for _ in range(100):
                if sessions_waiting() == 1:
                    break
                await asyncio.sleep(0.01)
            assert sessions_waiting() == 1
            assert not waiter.done()
        assert await waiter == 2
        assert sessions_waiting() == 0
    finally:
        await engine.dispose()
