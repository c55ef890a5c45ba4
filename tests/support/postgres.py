"""What the tests do to a real PostgreSQL server from outside the app."""

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from sqlalchemy.engine import make_url

from tests.support.environment import (
    POSTGRES_ADMIN_URL,
    asyncpg_dsn,
    create_postgres_database,
    drop_postgres_database,
)

# Every connection the app's engines opened to this database (they name themselves
# "pulse"), but the one asking.
KILL_PULSE_CONNECTIONS = """
SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
WHERE datname = current_database() AND application_name = 'pulse' AND pid <> pg_backend_pid()
"""


async def kill(database_url: str, pid: int | None = None) -> int:
    """Terminate the app's connections (or the one with `pid`), as a restart, a failover
    or an idle-connection kill does; how many went."""
    admin = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        if pid is not None:
            return int(await admin.fetchval("SELECT pg_terminate_backend($1)::int", pid))
        return int(await admin.fetchval(KILL_PULSE_CONNECTIONS))
    finally:
        await admin.close()


@asynccontextmanager
async def empty_database(prefix: str) -> AsyncIterator[str]:
    """The URL of a new, empty database on the run's PostgreSQL server, dropped after."""
    assert POSTGRES_ADMIN_URL
    name = f"{prefix}_{secrets.token_hex(4)}"
    await create_postgres_database(POSTGRES_ADMIN_URL, name)
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(False)
    finally:
        await drop_postgres_database(POSTGRES_ADMIN_URL, name)
