"""Async engines for the two supported databases.

SQLite is the embedded default; PostgreSQL is production. Both are reached through
SQLAlchemy Core's async API so every query is written once.
"""

from typing import Any

import orjson
from sqlalchemy import event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from pulse.settings import Settings

# Connection execution option: a transaction that will write (`Session.begin`). SQLite
# must take its write lock at BEGIN instead of upgrading later (an upgrade can fail
# with "database is locked" when two transactions race; BEGIN IMMEDIATE queues).
WRITE_OPTION = "pulse_write"


def async_url(url: str) -> str:
    """Map the user-facing URL (`sqlite:///…`, `postgresql://…`) to its async driver."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite").render_as_string(hide_password=False)
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    raise ValueError(f"Unsupported database URL {url!r}: use sqlite:/// or postgresql://")


def json_text(value: Any) -> str:
    """JSON columns written (and read, `orjson.loads`) by orjson, several times faster
    than the standard library's `json`, on every row with a JSON column. Timestamps
    end in `Z`, as the API writes them (`pulse.kit.rendering`): an event's data reads
    exactly as the resource it tells of."""
    return orjson.dumps(value, option=orjson.OPT_UTC_Z).decode()


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def create_engine(settings: Settings) -> AsyncEngine:
    url = async_url(settings.database_url)
    return _sqlite_engine(url) if url.startswith("sqlite") else _postgres_engine(url, settings)


def _postgres_engine(url: str, settings: Settings) -> AsyncEngine:
    # A fixed pool, as asyncpg's own and pgbouncer's: past it, requests wait their turn.
    # Connections opened above the pool in a burst would be closed again as soon as
    # they came back, so a busy process paid for a new connection on most requests.
    # Waiting is safe because a request holds one connection at a time (its session
    # takes one at its first statement, after authentication gave its own back; its
    # idempotency claim runs in that session; tests/test_connections.py holds it).
    engine = create_async_engine(
        url,
        pool_size=settings.database_pool_size,
        max_overflow=0,
        pool_pre_ping=False,
        hide_parameters=True,  # see _sqlite_engine
        json_serializer=json_text,
        json_deserializer=orjson.loads,
        connect_args={"server_settings": {"jit": "off", "application_name": "pulse"}},
    )

    @event.listens_for(engine.sync_engine, "checkout")
    def skip_closed(_dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        # A connection the server closed while it sat in the pool (a restart, an idle
        # kill) is known closed to asyncpg at once: the pool replaces it, without a ping.
        if record.driver_connection.is_closed():
            raise exc.DisconnectionError("closed by the server while pooled")

    return engine


def _sqlite_engine(url: str) -> AsyncEngine:
    engine = create_async_engine(
        url,
        connect_args={"timeout": 30},
        # A failed statement's error names the statement, not its values: those can be a
        # person's fields or a key's hash, and the error reaches the log.
        hide_parameters=True,
        json_serializer=json_text,
        json_deserializer=orjson.loads,
    )

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the driver so BEGIN is ours to emit.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(conn: Any) -> None:
        # Outside a transaction each statement stands alone, as on PostgreSQL in
        # autocommit; a transaction that will write takes the write lock at once.
        if conn.get_execution_options().get(WRITE_OPTION, False):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
