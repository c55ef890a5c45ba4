"""Webhook records written and read straight in the database, for tests of the engine
and the event log that must not depend on the endpoints API."""

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from pulse.core.secrets import SecretBox
from pulse.core.tenancy import Tenant
from pulse.db.session import transaction
from pulse.db.tables import events, webhook_attempts, webhook_deliveries, webhook_endpoints
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id
from pulse.webhooks.signing import generate_secret
from tests.support.api import Tenants
from tests.support.environment import SECRET_KEY
from tests.support.waiting import wait_for

# Nothing listens there: should a delivery engine ever pick these up, it fails at once.
NOWHERE = "http://127.0.0.1:9/hook"


async def add_endpoint(
    tenants: Tenants,
    tenant: Tenant,
    url: str = NOWHERE,
    *,
    events: tuple[str, ...] = ("*",),
    enabled: bool = True,
    previous_secret: str | None = None,
    previous_expires: datetime | None = None,
) -> dict[str, Any]:
    """An endpoint written straight to its table (no URL checks): for engine tests.

    Its secrets are stored encrypted with the run's key, as the API stores them; the row
    answered holds them in plaintext.
    """
    box = SecretBox(SECRET_KEY)
    secret = generate_secret()
    now = utcnow()
    row = {
        "workspace_id": tenant.workspace_id,
        "environment": tenant.environment.value,
        "id": new_id("we"),
        "url": url,
        "description": None,
        "events": list(events),
        "enabled": enabled,
        "disabled_reason": None if enabled else "Disabled by a test.",
        "secret": box.encrypt(secret),
        "previous_secret": None if previous_secret is None else box.encrypt(previous_secret),
        "previous_secret_expires_at": previous_expires,
        "created_at": now,
        "updated_at": now,
    }
    async with transaction(tenants.engine) as conn:
        await conn.execute(insert(webhook_endpoints).values(**row))
    return {**row, "secret": secret, "previous_secret": previous_secret}


async def deliveries(tenants: Tenants, endpoint_id: str) -> list[dict[str, Any]]:
    async with tenants.engine.connect() as conn:
        result = await conn.execute(
            select(webhook_deliveries)
            .where(webhook_deliveries.c.endpoint_id == endpoint_id)
            .order_by(webhook_deliveries.c.id)
        )
        return [dict(row) for row in result.mappings()]


async def attempts(tenants: Tenants, delivery_id: str) -> list[dict[str, Any]]:
    async with tenants.engine.connect() as conn:
        result = await conn.execute(
            select(webhook_attempts)
            .where(webhook_attempts.c.delivery_id == delivery_id)
            .order_by(webhook_attempts.c.id)
        )
        return [dict(row) for row in result.mappings()]


async def all_succeeded(
    tenants: Tenants, endpoint_id: str, count: int, seconds: float = 120
) -> list[dict[str, Any]]:
    """The endpoint's deliveries once there are `count` and every one succeeded."""
    found: list[dict[str, Any]] = []

    async def done() -> bool:
        found[:] = await deliveries(tenants, endpoint_id)
        return len(found) == count and all(d["status"] == "succeeded" for d in found)

    await wait_for(done, seconds)
    return found


async def event_ids(tenants: Tenants, workspace_id: str) -> set[str]:
    """The ids of every event the workspace wrote."""
    async with tenants.engine.connect() as conn:
        rows = await conn.execute(select(events.c.id).where(events.c.workspace_id == workspace_id))
        return {row.id for row in rows}
