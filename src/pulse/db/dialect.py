"""Where PostgreSQL and SQLite differ: the few writes each does its own way.

Everything else (every query, every service, every repository) is one code path for
both. Connections themselves are set up in `pulse.db.engine`.

- Writing several rows together: one statement on PostgreSQL (the first rows as
  data-modifying WITH clauses), so a change and its event cost one round trip and a
  broken constraint writes none of them; one INSERT each on SQLite, in a transaction.
- Claiming a key (`insert_claimed`): on PostgreSQL one statement takes an advisory
  lock on the key without waiting, inserts the claim unless its key exists and the
  other rows only if the claim went in. SQLite runs its writers one at a time, so a
  claim is never busy there: insert-if-absent, then the rows, in a transaction.
- Locking a rule for the rest of a transaction: an advisory lock on PostgreSQL;
  nothing on SQLite (its write transactions already run one at a time).
- A broken unique index: PostgreSQL names the index; SQLite names its columns.
"""

import enum
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import cache
from typing import Any

from sqlalchemy import Index, Table, bindparam, exists, func, insert, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from pulse.core.tenancy import Tenant
from pulse.db.prepared import Prepared
from pulse.db.session import Session, transaction

Row = tuple[Table, Mapping[str, Any]]
Shape = tuple[tuple[Table, tuple[str, ...]], ...]  # each row's table and columns


class Claimed(enum.Enum):
    YES = "yes"
    TAKEN = "taken"  # a row with this key exists: read it
    BUSY = "busy"  # another open transaction is claiming this key right now


def _shape(rows: Sequence[Row]) -> Shape:
    return tuple((table, tuple(row)) for table, row in rows)


def _parameters(rows: Sequence[Row]) -> dict[str, Any]:
    """Each row's values under the names `_values` gave them."""
    return {f"r{n}_{name}": value for n, (_, row) in enumerate(rows) for name, value in row.items()}


def _values(table: Table, columns: tuple[str, ...], n: int) -> dict[str, Any]:
    return {name: bindparam(f"r{n}_{name}", type_=table.c[name].type) for name in columns}


@cache
def _insert_all(shape: Shape) -> Prepared:
    """One statement inserting a row of each (table, columns) of `shape`."""
    *before, (last_table, last_columns) = shape
    statement = insert(last_table).values(_values(last_table, last_columns, len(before)))
    for n, (table, columns) in enumerate(before):
        statement = statement.add_cte(insert(table).values(_values(table, columns, n)).cte(f"w{n}"))
    return Prepared(statement, writes=True)


@asynccontextmanager
async def _together(db: Session) -> AsyncIterator[Session]:
    """SQLite: the session's own transaction, or outside one a short one of its own (the
    session gives its connection back first: a request never holds two)."""
    if db.in_transaction:
        yield db
        return
    await db.close()
    async with transaction(db.engine) as tx:
        yield tx


async def insert_rows(db: Session, rows: Sequence[Row]) -> None:
    """Insert each row into its table, all or none."""
    if not rows:
        return
    if db.dialect == "postgresql":
        await db.run(_insert_all(_shape(rows)), _parameters(rows))
        return
    async with _together(db) as tx:
        for table, row in rows:
            await tx.execute(_insert_one(table), dict(row))


@cache
def _insert_one(table: Table) -> Any:
    # A constant statement with the row as parameters: compiled once, then cached.
    return insert(table)


@cache
def _insert_if_absent(table: Table) -> Any:
    return sqlite_insert(table).on_conflict_do_nothing()


@cache
def _claim_then_insert(shape: Shape) -> Prepared:
    """PostgreSQL: with the advisory lock named by `lock` free, insert the first row of
    `shape` unless its key exists, and the others only if it went in."""
    (claim_table, claim_columns), *rest = shape
    lock = select(
        func.pg_try_advisory_xact_lock(func.hashtextextended(bindparam("lock"), 0)).label("held")
    ).cte("lock")
    claimed = (
        pg_insert(claim_table)
        .from_select(
            claim_columns,
            select(*_labelled(claim_table, claim_columns, 0)).where(lock.c.held),
        )
        .on_conflict_do_nothing()
        .returning(literal(1).label("one"))
        .cte("claimed")
    )
    went_in = exists(select(claimed.c.one))
    statement = select(
        select(lock.c.held).scalar_subquery().label("held"), went_in.label("claimed")
    )
    for n, (table, columns) in enumerate(rest, start=1):
        rows = select(*_labelled(table, columns, n)).where(went_in)
        statement = statement.add_cte(insert(table).from_select(columns, rows).cte(f"w{n}"))
    return Prepared(statement, writes=True)


def _labelled(table: Table, columns: tuple[str, ...], n: int) -> list[Any]:
    return [value.label(name) for name, value in _values(table, columns, n).items()]


async def insert_claimed(db: Session, lock: str, claim: Row, rows: Sequence[Row] = ()) -> Claimed:
    """Insert `claim` unless a row with its key exists (or another transaction is
    claiming it: BUSY), and `rows` only if it went in; all or nothing."""
    if db.dialect == "postgresql":
        shape = _shape((claim, *rows))
        parameters = {"lock": lock, **_parameters((claim, *rows))}
        [answer] = await db.fetch(_claim_then_insert(shape), parameters)
        if not answer["held"]:
            return Claimed.BUSY
        return Claimed.YES if answer["claimed"] else Claimed.TAKEN
    table, row = claim
    async with _together(db) as tx:
        result = await tx.execute(_insert_if_absent(table), dict(row))
        if result.rowcount != 1:
            return Claimed.TAKEN
        await insert_rows(tx, rows)
    return Claimed.YES


async def lock_for_transaction(db: Session, tenant: Tenant, name: str) -> None:
    """Hold the tenant's lock `name` until the transaction ends, so that writers who
    check the same rule (a manager cycle, an allowance) take turns."""
    await lock_name_for_transaction(db, f"{tenant.workspace_id}:{tenant.environment.value}:{name}")


async def lock_name_for_transaction(db: Session, name: str) -> None:
    """Hold the lock `name` until the transaction ends, for a rule that belongs to no
    tenant (failed console sign-ins are counted per email address)."""
    if db.dialect != "postgresql":
        return
    await db.execute(_ADVISORY_LOCK, {"key": name})


_ADVISORY_LOCK = select(func.pg_advisory_xact_lock(func.hashtextextended(bindparam("key"), 0)))


def violates(exc: IntegrityError, index: Index) -> bool:
    """Whether `exc` is `index` refusing a duplicate."""
    message = str(exc.orig)
    if index.name is not None and str(index.name) in message:
        return True
    table = index.table
    columns = (
        [f"{table.name}.{column.name}" for column in index.columns] if table is not None else []
    )
    return bool(columns) and "UNIQUE" in message and all(column in message for column in columns)


def upsert(db: Session, table: Table, row: Mapping[str, Any], changes: Mapping[str, Any]) -> Any:
    """INSERT `row`, or where its primary key exists apply `changes` to that row: one
    statement on either database (both spell it `ON CONFLICT … DO UPDATE`)."""
    dialect_insert = pg_insert if db.dialect == "postgresql" else sqlite_insert
    return (
        dialect_insert(table)
        .values(**row)
        .on_conflict_do_update(index_elements=list(table.primary_key.columns), set_=changes)
    )
