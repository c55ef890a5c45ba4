"""Writes deferred to one statement at the end of a request (PostgreSQL).

A create whose rules read only committed rows, and whose race a unique index
decides, needs no transaction around its reads: it can read in autocommit, collect
its inserts, and write them at the end in one statement together with its
idempotency record and answer (`pulse.kit.routing`). That is one round trip for the
writes instead of BEGIN, the claim, the inserts, the stored answer and COMMIT: it
took a status-log post's CPU in the app from 1.3-1.9 ms to 0.9 ms (bench/README.md).

A connection collecting writes carries the list in its `info`. `queries.insert_rows`
adds to it; anything else that would write, or lock for the rest of a transaction,
raises `NeedsTransaction` instead, and the request runs again in a transaction.
"""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table, event
from sqlalchemy.engine import Connection
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from pulse.db import driver

PENDING = "pulse_deferred_writes"

PendingRows = list[tuple[Table, Mapping[str, Any]]]


class NeedsTransaction(Exception):
    """A write or lock that cannot wait for the end of the request."""


def pending(conn: AsyncConnection) -> PendingRows | None:
    """The rows this connection collects instead of writing, if it does."""
    rows: PendingRows | None = conn.info.get(PENDING)
    return rows


def require_transaction(conn: AsyncConnection, what: str) -> None:
    if PENDING in conn.info:
        raise NeedsTransaction(what)


def refuse_direct_writes(engine: AsyncEngine) -> None:
    """Make any INSERT, UPDATE or DELETE through SQLAlchemy on a collecting connection
    raise, rather than commit on its own in autocommit."""

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def check(
        conn: Connection,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        context: DefaultExecutionContext | None,
        _executemany: bool,
    ) -> None:
        if PENDING in conn.info and (
            context is None or context.isinsert or context.isupdate or context.isdelete
        ):
            raise NeedsTransaction(statement)


async def write_pending(conn: AsyncConnection, rows: PendingRows) -> None:
    """Write the collected rows: one statement, all or none."""
    if rows:
        await driver.insert_rows(conn, rows)
