"""Transactions: the unit of work of a request, and short standalone ones.

A request gets at most one connection and one transaction. The route's `Tx`
dependency opens it on first use; the route wrapper (`kit.routing`) commits it
after the handler returned, together with the idempotency record, or rolls it
back on any error. Services write the change and its event in it and never commit.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from pulse.db.deferred import PENDING, PendingRows
from pulse.db.engine import WRITE_OPTION


@asynccontextmanager
async def transaction(engine: AsyncEngine, *, write: bool) -> AsyncIterator[AsyncConnection]:
    """A transaction of its own, committed when the block ends without error."""
    async with engine.connect() as conn:
        if write:
            await conn.execution_options(**{WRITE_OPTION: True})
        async with conn.begin():
            yield conn


class UnitOfWork:
    """A request's connection and transaction.

    `deferred=True` (PostgreSQL) opens no transaction: reads run in autocommit and
    inserts are collected in `pending` for the route to write in one statement
    (`pulse.db.deferred`).
    """

    def __init__(self, engine: AsyncEngine, *, write: bool, deferred: bool = False) -> None:
        self.engine = engine
        self.write = write
        self.pending: PendingRows | None = [] if deferred else None
        self._conn: AsyncConnection | None = None

    async def connection(self) -> AsyncConnection:
        if self._conn is None:
            conn = await self.engine.connect()
            if self.pending is not None:
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                conn.info[PENDING] = self.pending
            elif self.write:
                await conn.execution_options(**{WRITE_OPTION: True})
                await conn.begin()
            elif conn.dialect.name == "postgresql":
                # A read needs no transaction: autocommit spares the BEGIN and COMMIT
                # round trips (SQLite keeps its BEGIN, which costs nothing there).
                await conn.execution_options(isolation_level="AUTOCOMMIT")
            else:
                await conn.begin()
            self._conn = conn
        return self._conn

    async def commit(self) -> None:
        if self._conn is not None and self._conn.in_transaction():
            await self._conn.commit()

    async def close(self) -> None:
        """Roll back whatever was not committed and give the connection back."""
        if self._conn is not None:
            conn, self._conn = self._conn, None
            if self.pending is not None and not conn.invalidated:
                # `info` stays with the pooled connection: its next user must not collect.
                conn.info.pop(PENDING, None)
            await conn.close()


async def _request_connection(request: Request) -> AsyncConnection:
    uow: UnitOfWork = request.state.unit_of_work
    return await uow.connection()


Tx = Annotated[AsyncConnection, Depends(_request_connection)]
