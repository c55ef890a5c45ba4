"""Alembic, driven from code: `pulse migrate`, the test suite and the readiness check."""

import asyncio
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from pydantic import SecretStr
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database_url: str, secret_key: SecretStr | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = database_url
    # PULSE_SECRET_KEY, for migrations that encrypt or decrypt stored secrets (0007).
    config.attributes["secret_key"] = secret_key
    return config


def upgrade(database_url: str, secret_key: SecretStr | None = None) -> None:
    """Bring the schema to the newest revision (safe to run from several processes at once).

    `secret_key` is needed when the database holds webhook secrets not encrypted yet.
    """
    command.upgrade(alembic_config(database_url, secret_key), "head")


async def upgrade_async(database_url: str) -> None:
    # Alembic drives its own event loop, so it runs on a thread of its own.
    await asyncio.to_thread(upgrade, database_url)


@cache
def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("")).get_current_head()


async def pending_migrations(engine: AsyncEngine) -> bool:
    """True when the database is behind the code (or empty)."""

    def current(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as conn:
        revision = await conn.run_sync(current)
    return revision != head_revision()
