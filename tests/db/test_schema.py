"""The migrations build exactly the schema the code declares."""

import asyncio
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.core.tenancy import Environment, Tenant
from pulse.db import counters
from pulse.db.engine import create_engine
from pulse.db.migrate import head_revision, pending_migrations, upgrade_async
from pulse.db.tables import metadata
from tests.support.environment import make_settings


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


# SQLite cannot reflect the expression index on lower(email); PostgreSQL compares it.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
async def test_migrations_match_the_table_definitions(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        differences = await conn.run_sync(_differences)
    assert differences == []


async def test_the_database_is_at_the_newest_revision(engine: AsyncEngine) -> None:
    assert head_revision() is not None
    assert not await pending_migrations(engine)


@pytest.mark.sqlite_only
async def test_row_counts_are_backfilled_from_existing_rows(tmp_path: Path) -> None:
    from alembic import command

    from pulse.db.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    await asyncio.to_thread(command.upgrade, alembic_config(url), "0003")
    engine = create_engine(make_settings(url))
    try:
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO employees (workspace_id, environment, id, full_name, "
                    "start_date, custom_fields, version, created_at, updated_at) VALUES "
                    "('ws_a', 'test', 'emp_1', 'A', '2024-01-01', '{}', 1, :t, :t), "
                    "('ws_a', 'test', 'emp_2', 'B', '2024-01-01', '{}', 1, :t, :t), "
                    "('ws_a', 'live', 'emp_3', 'C', '2024-01-01', '{}', 1, :t, :t)"
                ),
                {"t": "2024-01-01 00:00:00"},
            )
        await upgrade_async(url)
        async with engine.connect() as conn:
            employees = metadata.tables["employees"]
            assert await counters.total(conn, employees, Tenant("ws_a", Environment.test)) == 2
            assert await counters.total(conn, employees, Tenant("ws_a", Environment.live)) == 1
            assert await counters.total(conn, employees, Tenant("ws_b", Environment.test)) == 0
    finally:
        await engine.dispose()
