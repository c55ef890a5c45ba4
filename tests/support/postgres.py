"""What the tests do to a real PostgreSQL server from outside the app."""

import asyncpg

from tests.support.environment import asyncpg_dsn

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
