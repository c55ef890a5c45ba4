"""Where the tests run: the project, the databases and services the run was given."""

import os
from pathlib import Path
from typing import Any

import asyncpg
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from pulse.core.secrets import generate_key
from pulse.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_ADMIN_URL = os.environ.get("PULSE_TEST_POSTGRES_URL")
# The run's database: "postgresql" when PULSE_TEST_POSTGRES_URL is set, else "sqlite".
DATABASE = "postgresql" if POSTGRES_ADMIN_URL else "sqlite"
REDIS_URL = os.environ.get("PULSE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# CI sets this: a service that is down fails the run instead of skipping its tests.
REQUIRE_SERVICES = os.environ.get("PULSE_TEST_REQUIRE_SERVICES") == "1"
# The run's PULSE_SECRET_KEY: the in-process app and the processes the tests start
# share one database, so they share its key too.
SECRET_KEY = generate_key()
PULSE_ENV = {"PULSE_SECRET_KEY": SECRET_KEY}


# The tests' webhook receivers listen on loopback, which test-mode endpoints may target
# only when the deployment allows it (`PULSE_WEBHOOK_ALLOW_LOOPBACK_TARGETS`).
LOOPBACK_TARGETS_ENV = {"PULSE_WEBHOOK_ALLOW_LOOPBACK_TARGETS": "true"}


def make_settings(database_url: str, **overrides: Any) -> Settings:
    # Loopback targets are on for the receivers (see above); the tests of the default
    # turn them off again.
    defaults = {"webhook_allow_loopback_targets": True, "secret_key": SecretStr(SECRET_KEY)}
    return Settings(database_url=database_url, **{**defaults, **overrides})


def asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def create_postgres_database(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def drop_postgres_database(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
