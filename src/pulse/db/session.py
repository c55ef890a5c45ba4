"""`Session`: the database as one request, one command or one job sees it.

A session holds at most one connection, taken from the pool at its first statement
and given back by `close()`. It starts outside a transaction, where each statement
stands alone; `begin()` makes it a transaction that will write, opened at the next
statement and ended by `commit()` or, when `close()` comes first, rolled back.

Connections die: a PostgreSQL restart or failover, an idle-connection kill, a pooler
restart. The pool never hands out one asyncpg knows is closed (`pulse.db.engine`), but
asyncpg learns it only when it reads the socket, so right after a mass kill every pooled
connection may be dead and not yet known so. A statement that meets a dropped connection
outside a transaction runs again on the next one, if it only reads, until it has met
as many as the pool holds (each dead one is discarded): then a live or new connection
answers. A write never runs twice (it may have happened before its answer was lost),
and a transaction is lost with its connection. Those, and a
connection that cannot be had at all, raise `DatabaseUnavailable`: the API answers 503
with Retry-After, nothing half-written, and the client's retry succeeds once the
database is back. Nothing here waits for it.
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import cache
from typing import Any, cast

import asyncpg
from sqlalchemy import CursorResult
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql import Executable

from pulse.core.errors import ServiceUnavailable
from pulse.db.engine import WRITE_OPTION
from pulse.db.prepared import Prepared

# What a client should wait before retrying while the database is unreachable.
RETRY_AFTER_SECONDS = 1
# SQLSTATEs of a server going away: admin shutdown, crash shutdown, cannot connect now.
SHUTTING_DOWN = frozenset({"57P01", "57P02", "57P03"})

# Sessions of this process waiting for a connection from the pool, or for a new one to
# open; SQLAlchemy's pool tells what is checked out, never who waits. One event loop
# per process changes it, so a plain counter is exact.
_waiting = 0


def sessions_waiting() -> int:
    """How many sessions of this process wait for a database connection right now."""
    return _waiting


Rows = Sequence[Mapping[str, Any]]


class DatabaseUnavailable(ServiceUnavailable):
    def __init__(self, cause: BaseException) -> None:
        super().__init__(
            "The database is unavailable right now; retry shortly (a write retried with its "
            "Idempotency-Key is never applied twice).",
            retry_after=RETRY_AFTER_SECONDS,
        )
        self.__cause__ = cause


class Session:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.in_transaction = False
        self._conn: AsyncConnection | None = None
        self._driver_conn: Any = None

    def begin(self) -> None:
        """Make this session a transaction that will write, from its next statement."""
        if self._conn is not None and not self.in_transaction:
            raise RuntimeError("begin() comes before the session's first statement")
        self.in_transaction = True

    async def execute(
        self, statement: Executable, parameters: Mapping[str, Any] | Sequence[Any] | None = None
    ) -> CursorResult[Any]:
        async def run() -> Any:
            return await (await self._connection()).execute(statement, parameters)

        result: CursorResult[Any] = await self._again_if_dropped(run, reads=statement.is_select)
        return result

    async def fetch(self, query: Prepared, parameters: Mapping[str, Any]) -> Rows:
        """The rows of a constant statement (see `pulse.db.prepared`)."""
        rows: Rows = await self._prepared(query, parameters, fetch=True)
        return rows

    async def run(self, query: Prepared, parameters: Mapping[str, Any]) -> None:
        """Run a constant statement that answers no rows."""
        await self._prepared(query, parameters, fetch=False)

    async def commit(self) -> None:
        if self._conn is not None and self.in_transaction:
            try:
                await self._conn.commit()
            except Exception as exc:
                if not self._dropped(exc):
                    raise
                await self._forget_connection()
                raise DatabaseUnavailable(exc) from exc

    async def close(self) -> None:
        """Roll back what was not committed and give the connection back."""
        conn, self._conn, self._driver_conn = self._conn, None, None
        if conn is not None:
            try:
                await conn.close()
            except Exception as exc:
                # Rolling back on a connection that died fails; nothing is left to undo.
                if not self._dropped(exc):
                    raise

    async def _prepared(
        self, query: Prepared, parameters: Mapping[str, Any], *, fetch: bool
    ) -> Any:
        async def through_sqlalchemy() -> Any:
            result = await (await self._connection()).execute(query.statement, parameters)
            return cast(Rows, result.mappings().all()) if fetch else None

        async def on_asyncpg() -> Any:
            compiled = query.compiled(self.engine.dialect)
            arguments = compiled.arguments(parameters)
            driver = await self._driver()
            try:
                if fetch:
                    return await driver.fetch(compiled.sql, *arguments)
                return await driver.execute(compiled.sql, *arguments)
            except asyncpg.IntegrityConstraintViolationError as exc:
                # A broken constraint reads the same whichever way the statement ran.
                raise IntegrityError(compiled.sql, arguments, exc) from exc

        direct = self.dialect == "postgresql" and not self.in_transaction
        return await self._again_if_dropped(
            on_asyncpg if direct else through_sqlalchemy, reads=not query.writes
        )

    async def _again_if_dropped(
        self, statement: Callable[[], Awaitable[Any]], *, reads: bool
    ) -> Any:
        """Run `statement`; if it only reads outside a transaction, again on the next
        connection while the one it ran on turns out dropped, up to one more than the
        pool holds."""
        tries = 1 if not reads or self.in_transaction else _pool_capacity(self.engine) + 1
        for attempt in range(1, tries + 1):
            try:
                return await statement()
            except Exception as exc:
                if not self._dropped(exc):
                    raise
                await self._forget_connection()
                if attempt == tries:
                    raise DatabaseUnavailable(exc) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _dropped(self, exc: Exception) -> bool:
        """Whether `exc` says the connection is gone, rather than anything about the
        statement: a connection error (SQLSTATE class 08), the server going away
        (57P01-57P03), or a connection found closed."""
        if isinstance(exc, DBAPIError):
            if exc.connection_invalidated:
                return True
            # SQLAlchemy's asyncpg adapter raises its own error from asyncpg's.
            cause = exc.orig.__cause__ if exc.orig is not None else None
            exc = cause if isinstance(cause, Exception) else exc
        sqlstate = str(getattr(exc, "sqlstate", ""))
        return (
            isinstance(exc, (asyncpg.PostgresConnectionError, OSError))
            or sqlstate.startswith("08")
            or sqlstate in SHUTTING_DOWN
            or (self._driver_conn is not None and self._driver_conn.is_closed())
        )

    async def _connection(self) -> AsyncConnection:
        global _waiting
        if self._conn is None:
            reads, writes = _modes(self.engine)
            _waiting += 1
            try:
                self._conn = await (writes if self.in_transaction else reads).connect()
            except (DBAPIError, OSError, TimeoutError, PoolTimeout) as exc:
                raise DatabaseUnavailable(exc) from exc
            finally:
                _waiting -= 1
        return self._conn

    async def _driver(self) -> Any:
        """The asyncpg connection under this session's connection."""
        if self._driver_conn is None:
            conn = await self._connection()
            # Checked out a moment ago, so at hand without I/O (`get_raw_connection()`
            # would cost a greenlet switch).
            assert conn.sync_connection is not None
            self._driver_conn = conn.sync_connection.connection.driver_connection
        return self._driver_conn

    async def _forget_connection(self) -> None:
        conn, self._conn, self._driver_conn = self._conn, None, None
        if conn is not None:
            await conn.invalidate()
            await conn.close()


def _pool_capacity(engine: AsyncEngine) -> int:
    """How many connections the engine's pool holds (no overflow: `pulse.db.engine`)."""
    pool = engine.pool
    return pool.size() if isinstance(pool, QueuePool) else 1


@cache
def _modes(engine: AsyncEngine) -> tuple[AsyncEngine, AsyncEngine]:
    """The engine for sessions outside a transaction, and the one for transactions: the
    same pool, their options set as a connection is checked out."""
    writes = engine.execution_options(**{WRITE_OPTION: True})
    if engine.dialect.name != "postgresql":
        return engine, writes
    # Reads need no transaction: autocommit spares BEGIN and COMMIT.
    return engine.execution_options(isolation_level="AUTOCOMMIT"), writes


@asynccontextmanager
async def transaction(engine: AsyncEngine) -> AsyncIterator[Session]:
    """A session of its own in a transaction, committed when the block ends without error."""
    session = Session(engine)
    session.begin()
    try:
        yield session
        await session.commit()
    finally:
        await session.close()


@asynccontextmanager
async def reading(engine: AsyncEngine) -> AsyncIterator[Session]:
    """A session of its own outside a transaction."""
    session = Session(engine)
    try:
        yield session
    finally:
        await session.close()
