"""SQL of idempotency records."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, update

from pulse.db.dialect import Claimed, Row, insert_claimed
from pulse.db.session import Session
from pulse.db.tables import idempotency_keys as table

# The record of one key of one API key: constant statements, built once. (An UPDATE
# keeps its columns' own names for SET, so the key's parameters are named apart.)
_KEY_COLUMNS = ("workspace_id", "environment", "api_key_id", "key")
_THIS_KEY = tuple(table.c[name] == bindparam(f"this_{name}") for name in _KEY_COLUMNS)
_GET = select(table).where(*_THIS_KEY)
_DELETE = delete(table).where(*_THIS_KEY)
_STORE = (
    update(table)
    .where(*_THIS_KEY)
    .values(status_code=bindparam("new_status"), response_body=bindparam("new_body"))
)


def _which(record: dict[str, Any]) -> dict[str, Any]:
    return {f"this_{name}": record[name] for name in _KEY_COLUMNS}


async def claim(db: Session, record: dict[str, Any], then: Sequence[Row] = ()) -> Claimed:
    """Insert the record unless its key is taken or busy; and `then` only if it went in."""
    lock = "idempotency:{workspace_id}:{environment}:{api_key_id}:{key}".format(**record)
    return await insert_claimed(db, lock, (table, record), then)


async def get(db: Session, record: dict[str, Any]) -> Any:
    """The stored record with the key of `record`, if any."""
    return (await db.execute(_GET, _which(record))).mappings().first()


async def delete_record(db: Session, record: dict[str, Any]) -> None:
    await db.execute(_DELETE, _which(record))


async def store_response(db: Session, record: dict[str, Any], status: int, body: bytes) -> None:
    await db.execute(_STORE, {**_which(record), "new_status": status, "new_body": body})


async def purge_expired(db: Session, now: datetime) -> int:
    result = await db.execute(delete(table).where(table.c.expires_at < now))
    return int(result.rowcount or 0)
