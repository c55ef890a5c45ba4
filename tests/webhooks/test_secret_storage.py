"""Signing secrets at rest: encrypted with PULSE_SECRET_KEY, never in an Idempotency-Key's
record, readable again after the key is rotated, and encrypted by the upgrade."""

import asyncio
import secrets
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from alembic import command
from pydantic import SecretStr
from sqlalchemy import LargeBinary, bindparam, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.app import create_app
from pulse.core.secrets import SecretBox, SecretKeyError, generate_key
from pulse.db.migrate import alembic_config, upgrade
from pulse.webhooks.engine import DeliveryEngine
from tests.support.api import Api, Tenants, assert_error
from tests.support.cli import run_pulse
from tests.support.environment import (
    POSTGRES_ADMIN_URL,
    ROOT,
    SECRET_KEY,
    make_settings,
)
from tests.support.postgres import empty_database
from tests.support.receiver import Receiver, running_receiver
from tests.support.webhook_verifier import verify

PATH = "/v1/webhook-endpoints"


def _table_names(connection: Connection) -> list[str]:
    return inspect(connection).get_table_names()


async def columns_holding(engine: AsyncEngine, needle: str) -> list[str]:
    """Every `table.column` of the database in which some value contains `needle`.

    Rows are read as the driver hands them over, so text, JSON and binary columns are
    all searched as they are stored.
    """
    found = set()
    async with engine.connect() as conn:
        for table in await conn.run_sync(_table_names):
            result = await conn.execute(text(f'SELECT * FROM "{table}"'))
            columns = list(result.keys())
            for row in result:
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", errors="replace")
                    elif isinstance(value, dict | list):
                        value = orjson.dumps(value).decode()
                    if isinstance(value, str) and needle in value:
                        found.add(f"{table}.{column}")
    return sorted(found)


async def test_no_table_holds_a_secret_and_replays_still_answer_it(
    api: Api, tenants: Tenants
) -> None:
    body = {"url": "http://127.0.0.1:9/hook", "events": ["*"]}
    create_key = {"Idempotency-Key": f"create-{secrets.token_hex(8)}"}
    created = await api.post(PATH, json=body, headers=create_key)
    assert created.status_code == 201, created.text
    secret = created.json()["secret"]
    endpoint_id = created.json()["id"]

    roll_key = {"Idempotency-Key": f"roll-{secrets.token_hex(8)}"}
    rolled = await api.post(f"{PATH}/{endpoint_id}/roll-secret", headers=roll_key)
    assert rolled.status_code == 200, rolled.text
    new_secret = rolled.json()["secret"]

    for plaintext in (secret, new_secret):
        assert await columns_holding(tenants.engine, plaintext) == []
    # The search does find what is stored: the endpoint's id is in its row.
    assert "webhook_endpoints.id" in await columns_holding(tenants.engine, endpoint_id)

    replayed_roll = await api.post(f"{PATH}/{endpoint_id}/roll-secret", headers=roll_key)
    assert replayed_roll.headers["idempotent-replayed"] == "true"
    assert replayed_roll.status_code == 200
    assert replayed_roll.json() == rolled.json()
    # A replayed create answers the secret that signs now: the rolled one.
    replayed_create = await api.post(PATH, json=body, headers=create_key)
    assert replayed_create.headers["idempotent-replayed"] == "true"
    assert replayed_create.status_code == 201
    assert replayed_create.json() == {**created.json(), "secret": new_secret}


async def test_a_replayed_create_answers_the_secret_it_showed(api: Api) -> None:
    body = {"url": "http://127.0.0.1:9/hook", "events": ["*"]}
    key = {"Idempotency-Key": f"create-{secrets.token_hex(8)}"}
    first = await api.post(PATH, json=body, headers=key)
    again = await api.post(PATH, json=body, headers=key)
    assert first.status_code == again.status_code == 201
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert again.json()["secret"].startswith("whsec_")


async def test_a_replay_after_the_endpoint_was_deleted_answers_404(api: Api) -> None:
    body = {"url": "http://127.0.0.1:9/hook", "events": ["*"]}
    key = {"Idempotency-Key": f"create-{secrets.token_hex(8)}"}
    created = (await api.post(PATH, json=body, headers=key)).json()
    assert (await api.delete(f"{PATH}/{created['id']}")).status_code == 200
    assert_error(await api.post(PATH, json=body, headers=key), 404, "not_found")


def test_the_app_does_not_start_without_a_secret_key(database_url: str) -> None:
    with pytest.raises(SecretKeyError, match="PULSE_SECRET_KEY is not set"):
        create_app(make_settings(database_url, secret_key=None))
    with pytest.raises(SecretKeyError, match="PULSE_SECRET_KEY is not valid"):
        create_app(make_settings(database_url, secret_key=SecretStr("not-a-key")))


# A database of its own: rotating re-encrypts every endpoint's secrets, and the shared
# database's endpoints must stay under the run's key.


@pytest.fixture
async def own_database(tmp_path: Path) -> AsyncIterator[str]:
    """An empty database (SQLite, or PostgreSQL in that run), dropped afterwards."""
    if not POSTGRES_ADMIN_URL:
        yield f"sqlite:///{tmp_path / 'own.db'}"
        return
    async with empty_database("pulse_secrets") as url:
        yield url


async def pulse_cli(database_url: str, secret_key: str | None, *args: str) -> tuple[int, str]:
    """`python -m pulse ARGS` with this database and key (or none); (exit code, stderr)."""
    env = {} if secret_key is None else {"PULSE_SECRET_KEY": secret_key}
    run = await run_pulse(database_url, *args, env=env, timeout=120)
    return run.code, " ".join(run.stderr.split())


@asynccontextmanager
async def api_on(database_url: str) -> AsyncIterator[tuple[Api, AsyncEngine]]:
    """An app of its own on `database_url` (migrated), and a fresh tenant's API on it."""
    await asyncio.to_thread(upgrade, database_url)
    app = create_app(make_settings(database_url, delivery_in_process=False))
    engine: AsyncEngine = app.state.runtime.engine
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://pulse.test") as http:
            yield await Tenants(engine, http).new(), engine
    finally:
        await engine.dispose()


async def deliver_one(api: Api, database_url: str, engine: AsyncEngine, key: str) -> None:
    """Record an event and deliver it with an engine that holds only `key`."""
    await api.create_employee()
    settings = make_settings(database_url, secret_key=SecretStr(key))
    delivery = DeliveryEngine(engine, settings)
    try:
        await delivery.run_until_idle()
    finally:
        await delivery.close()


async def test_rotating_the_key_keeps_deliveries_verifiable(own_database: str) -> None:
    async with api_on(own_database) as (api, engine):
        with running_receiver() as receiver:
            endpoint = await api.post(PATH, json={"url": receiver.url, "events": ["*"]})
            secret = endpoint.json()["secret"]
            await deliver_one(api, own_database, engine, SECRET_KEY)

            new_key = generate_key()
            code, stderr = await pulse_cli(
                own_database, f"{new_key},{SECRET_KEY}", "secret-key", "rotate"
            )
            assert code == 0, stderr
            assert "1 webhook endpoint" in stderr

            async with engine.connect() as conn:
                token = (
                    await conn.execute(text("SELECT secret FROM webhook_endpoints"))
                ).scalar_one()
            with pytest.raises(SecretKeyError):
                SecretBox(SECRET_KEY).decrypt(token)
            assert SecretBox(new_key).decrypt(token) == secret

            await deliver_one(api, own_database, engine, new_key)
        assert_verified(receiver, secret, count=2)


def assert_verified(receiver: Receiver, secret: str, count: int) -> None:
    assert len(receiver.received) == count
    for got in receiver.received:
        header = got.headers["x-pulse-signature"]
        signed_at = int(header.split(",")[0].removeprefix("t="))
        assert verify(got.body, header, secret, signed_at)


async def test_a_rotation_with_a_wrong_key_changes_nothing(own_database: str) -> None:
    async with api_on(own_database) as (api, engine):
        for _ in range(2):
            body = {"url": "http://127.0.0.1:9/hook", "events": ["*"]}
            assert (await api.post(PATH, json=body)).status_code == 201
        before = await stored_tokens(engine)
        code, stderr = await pulse_cli(own_database, generate_key(), "secret-key", "rotate")
        assert code == 1
        assert "cannot be decrypted with any key in PULSE_SECRET_KEY" in stderr
        assert "Traceback" not in stderr
        assert await stored_tokens(engine) == before
        # Nor do the server and the worker start with a key that opens no secret.
        for command_name in ("serve", "worker"):
            code, stderr = await pulse_cli(own_database, generate_key(), command_name)
            assert code == 1
            assert "cannot be decrypted with any key in PULSE_SECRET_KEY" in stderr


async def stored_tokens(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as conn:
        query = text("SELECT id, secret, previous_secret FROM webhook_endpoints ORDER BY id")
        return [tuple(row) for row in await conn.execute(query)]


# The upgrade that encrypts what earlier versions stored in plaintext.

PLAINTEXT_ENDPOINT = text(
    "INSERT INTO webhook_endpoints (workspace_id, environment, id, url, description, events, "
    "enabled, disabled_reason, secret, previous_secret, previous_secret_expires_at, "
    "created_at, updated_at) VALUES ('ws_old', 'test', :id, 'https://example.com/hook', NULL, "
    "'[\"*\"]', true, NULL, :secret, :previous, NULL, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)


# A create's answer as earlier versions kept it for its Idempotency-Key.
PLAINTEXT_RECORD = text(
    "INSERT INTO idempotency_keys (workspace_id, environment, api_key_id, key, fingerprint, "
    "status_code, response_body, created_at, expires_at) VALUES ('ws_old', 'test', 'key_old', "
    "'create-1', 'f', 201, :body, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
).bindparams(bindparam("body", type_=LargeBinary))


async def test_the_upgrade_encrypts_plaintext_secrets_and_needs_the_key(
    own_database: str,
) -> None:
    await asyncio.to_thread(command.upgrade, alembic_config(own_database), "0006")
    settings = make_settings(own_database)
    app = create_app(settings)
    engine: AsyncEngine = app.state.runtime.engine
    try:
        async with engine.begin() as conn:
            for n, previous in ((1, None), (2, "whsec_" + "p" * 32)):
                await conn.execute(
                    PLAINTEXT_ENDPOINT,
                    {"id": f"we_{n}", "secret": "whsec_" + str(n) * 32, "previous": previous},
                )
            answer = {"id": "we_1", "url": "https://example.com/hook", "secret": "whsec_" + "1" * 9}
            await conn.execute(PLAINTEXT_RECORD, {"body": orjson.dumps(answer)})
        before = await stored_tokens(engine)

        # Without the key: a clear refusal, and nothing changed.
        code, stderr = await pulse_cli(own_database, None, "migrate")
        assert code == 1
        assert "PULSE_SECRET_KEY is not set" in stderr
        assert "pulse secret-key generate" in stderr
        assert "Traceback" not in stderr
        assert await stored_tokens(engine) == before

        code, stderr = await pulse_cli(own_database, SECRET_KEY, "migrate")
        assert code == 0, stderr
        await engine.dispose()  # its connections' statements predate the new column types
        box = SecretBox(SECRET_KEY)
        after = await stored_tokens(engine)
        assert [(id_, box.decrypt(secret), previous and box.decrypt(previous))
                for id_, secret, previous in after] == before  # fmt: skip
        assert await columns_holding(engine, "whsec_") == []
        async with engine.connect() as conn:
            query = text("SELECT response_body FROM idempotency_keys WHERE key = 'create-1'")
            kept = orjson.loads((await conn.execute(query)).scalar_one())
        assert kept == {"id": "we_1", "url": "https://example.com/hook"}

        # And back: the downgrade decrypts them again.
        config = alembic_config(own_database, SecretStr(SECRET_KEY))
        await asyncio.to_thread(command.downgrade, config, "0006")
        await engine.dispose()
        assert await stored_tokens(engine) == before
    finally:
        await engine.dispose()


async def test_a_new_database_upgrades_without_a_key_but_serves_only_with_one(
    own_database: str,
) -> None:
    code, stderr = await pulse_cli(own_database, None, "migrate")
    assert code == 0, stderr
    for command_name in ("serve", "worker"):
        code, stderr = await pulse_cli(own_database, None, command_name)
        assert code == 1
        assert "PULSE_SECRET_KEY is not set" in stderr
        assert "pulse secret-key generate" in stderr
        assert "Traceback" not in stderr
    code, stderr = await pulse_cli(own_database, "not-a-key", "serve")
    assert code == 1
    assert "PULSE_SECRET_KEY is not valid" in stderr


async def test_secret_key_generate_prints_one_key_and_nothing_else() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "pulse", "secret-key", "generate", cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0
    key = stdout.decode()
    assert key.endswith("\n") and key.count("\n") == 1
    box = SecretBox(key.strip())
    assert box.decrypt(box.encrypt("whsec_x")) == "whsec_x"
