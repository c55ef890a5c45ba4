"""The hottest statements on PostgreSQL, straight through the asyncpg connection.

Building, compiling and running a statement through SQLAlchemy costs more than the
query itself on these paths (an unfiltered page, a lookup by id, inserting one row:
about 0.2 ms of CPU against 0.06 ms on the driver), so their SQL is written once per
table and run on the driver connection SQLAlchemy already holds: the same
connection, transaction and JSON codecs, none of the per-call machinery. Everything
else goes through SQLAlchemy Core as usual.
"""

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import Dialect, Table
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db import counters

TOTAL = "_total"


def applies(conn: AsyncConnection) -> bool:
    return conn.dialect.name == "postgresql"


@cache
def _page_sql(table: Table) -> str:
    """One round trip: the page and the total beside it (on a lone row if the page is empty)."""
    if table.name in counters.COUNTED:
        total = (
            "SELECT coalesce(sum(count), 0) AS total FROM row_counts "  # noqa: S608 - ours
            f"WHERE workspace_id = $1 AND environment = $2 AND resource = '{table.name}'"
        )
    else:
        total = (
            f"SELECT count(*) AS total FROM {table.name} "  # noqa: S608 - table names are ours
            "WHERE workspace_id = $1 AND environment = $2"
        )
    return (
        f"SELECT page.*, totals.total AS {TOTAL} FROM ({total}) AS totals "  # noqa: S608
        f"LEFT JOIN LATERAL (SELECT * FROM {table.name} "
        "WHERE workspace_id = $1 AND environment = $2 AND id > $3 ORDER BY id LIMIT $4) "
        "AS page ON true"
    )


@cache
def _by_id_sql(table: Table) -> str:
    return (
        f"SELECT * FROM {table.name} "  # noqa: S608 - table names are ours
        "WHERE workspace_id = $1 AND environment = $2 AND id = $3"
    )


async def _driver(conn: AsyncConnection) -> Any:
    """The asyncpg connection, inside the unit of work's transaction if it has one.

    SQLAlchemy's asyncpg adapter sends BEGIN lazily, just before its own first
    statement; a write sent to the driver before any would run outside the
    transaction and commit on its own. So BEGIN is sent here first when it is due
    (the adapter knows: it skips it in autocommit). This reaches into the adapter,
    pinned with SQLAlchemy; tests/test_driver.py holds it to rolling back.
    """
    sync = conn.sync_connection
    # A checked-out, valid connection is at hand without I/O; asking SQLAlchemy for it
    # would cost a greenlet switch (about 20 µs) on every statement.
    raw = sync.connection if sync is not None and not sync.invalidated else None
    if raw is None:
        raw = await conn.get_raw_connection()
    adapter: Any = raw.dbapi_connection
    if adapter._transaction is None:
        await adapter._start_transaction()
    return raw.driver_connection


async def execute(conn: AsyncConnection, sql: str, *args: Any) -> None:
    await (await _driver(conn)).execute(sql, *args)


Processor = Callable[[Any], Any] | None  # a column type's conversion of a value, if any
Shape = tuple[Table, tuple[str, ...]]  # a table and the columns a row gives it
Rows = Sequence[tuple[Table, Mapping[str, Any]]]


def _inserts(
    shapes: tuple[Shape, ...], dialect: Dialect, *, first: int, source: str | None
) -> tuple[list[str], list[Processor]]:
    """An INSERT per shape with parameters numbered from `first` (VALUES, or SELECTed
    from `source` so that a row is written only where `source` has one), and each
    column type's conversion of its value, in parameter order."""
    inserts: list[str] = []
    processors: list[Processor] = []
    for table, columns in shapes:
        start = first + len(processors)
        placeholders = ", ".join(f"${n}" for n in range(start, start + len(columns)))
        values = f"VALUES ({placeholders})" if source is None else f"SELECT {placeholders} {source}"
        inserts.append(f"INSERT INTO {table.name} ({', '.join(columns)}) {values}")
        processors += [
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
        ]
    return inserts, processors


@cache
def _insert_plan(shapes: tuple[Shape, ...], dialect: Dialect) -> tuple[str, tuple[Processor, ...]]:
    """One statement inserting a row of each shape (all but the last as data-modifying
    WITH clauses)."""
    inserts, processors = _inserts(shapes, dialect, first=1, source=None)
    *before, last = inserts
    clauses = ", ".join(f"w{n} AS ({sql})" for n, sql in enumerate(before))
    return (f"WITH {clauses} {last}" if before else last), tuple(processors)


@cache
def _claim_plan(shapes: tuple[Shape, ...], dialect: Dialect) -> tuple[str, tuple[Processor, ...]]:
    """One statement: with the advisory lock named by $1, insert the first shape's row
    unless its key exists, and the other rows only if that row was inserted."""
    (claimed,), processors = _inserts(shapes[:1], dialect, first=2, source="FROM lock WHERE held")
    rest, more = _inserts(shapes[1:], dialect, first=2 + len(processors), source="FROM claimed")
    # Held to the end of the transaction (here, the statement), so a concurrent claimer of
    # the same key learns at once that it is busy instead of waiting on an uncommitted row.
    clauses = [
        "lock AS (SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS held)",
        f"claimed AS ({claimed} ON CONFLICT DO NOTHING RETURNING 1)",
        *(f"w{n} AS ({sql})" for n, sql in enumerate(rest)),
    ]
    sql = (
        f"WITH {', '.join(clauses)} "  # noqa: S608 - table and column names are ours
        "SELECT (SELECT held FROM lock) AS held, EXISTS (SELECT FROM claimed) AS claimed"
    )
    return sql, tuple(processors + more)


def _values(rows: Rows, processors: tuple[Processor, ...]) -> list[Any]:
    values = [value for _, row in rows for value in row.values()]
    return [
        value if process is None else process(value)
        for value, process in zip(values, processors, strict=True)
    ]


def _shapes(rows: Rows) -> tuple[Shape, ...]:
    return tuple((table, tuple(row)) for table, row in rows)


async def insert_rows(conn: AsyncConnection, rows: Rows) -> None:
    """INSERT each row into its table in one round trip (one statement: all or none).

    A constraint the statement breaks raises SQLAlchemy's IntegrityError, as ever.
    """
    sql, processors = _insert_plan(_shapes(rows), conn.dialect)
    await _run(conn, sql, _values(rows, processors))


async def claim_then_insert(
    conn: AsyncConnection, lock: str, claimed: tuple[Table, Mapping[str, Any]], rows: Rows
) -> tuple[bool, bool]:
    """Under the advisory lock `lock`, insert `claimed` unless a row with its key exists,
    and `rows` only if it was inserted: one statement. Whether the lock was free, and
    whether `claimed` (and so `rows`) went in. A broken constraint raises IntegrityError
    and writes nothing."""
    sql, processors = _claim_plan(_shapes((claimed, *rows)), conn.dialect)
    record = await _run(conn, sql, [lock, *_values((claimed, *rows), processors)], fetch=True)
    assert record is not None  # the SELECT always answers one row
    return bool(record["held"]), bool(record["claimed"])


async def _run(conn: AsyncConnection, sql: str, values: list[Any], *, fetch: bool = False) -> Any:
    driver = await _driver(conn)
    try:
        return await (driver.fetchrow(sql, *values) if fetch else driver.execute(sql, *values))
    except asyncpg.IntegrityConstraintViolationError as exc:
        raise IntegrityError(sql, values, exc) from exc


async def unfiltered_page(
    conn: AsyncConnection, table: Table, tenant: Tenant, page: PageRequest
) -> tuple[Sequence[Mapping[str, Any]], int]:
    records = await (await _driver(conn)).fetch(
        _page_sql(table),
        tenant.workspace_id,
        tenant.environment.value,
        page.after_id or "",
        page.limit + 1,
    )
    # The records are the rows (an extra total column does not matter to their readers),
    # unless the page is empty: then the one record is the total's, without an id.
    rows = records if records[0]["id"] is not None else []
    return rows, int(records[0][TOTAL])


async def by_id(
    conn: AsyncConnection, table: Table, tenant: Tenant, row_id: str
) -> dict[str, Any] | None:
    record = await (await _driver(conn)).fetchrow(
        _by_id_sql(table), tenant.workspace_id, tenant.environment.value, row_id
    )
    return dict(record) if record is not None else None
