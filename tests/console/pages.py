"""What the webhook and event page tests share: reading ids and secrets off pages,
counting what a refused form must not have written, running the delivery engine."""

import re
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.db.session import reading
from pulse.db.tables import audit_log, webhook_deliveries, webhook_endpoints
from pulse.webhooks.engine import DeliveryEngine
from tests.support.console import Member
from tests.support.environment import make_settings

SECRET = re.compile(r'value="(whsec_[^"]+)"')
ENDPOINT_LINK = re.compile(r'href="/developers/webhooks/(we_[0-9A-Za-z]+)"')


def secret_on(answer: httpx.Response) -> str:
    found = SECRET.search(answer.text)
    assert found, answer.text
    return found.group(1)


def endpoint_id_on(answer: httpx.Response) -> str:
    found = ENDPOINT_LINK.search(answer.text)
    assert found, answer.text
    return found.group(1)


async def create_endpoint(member: Member, url: str, *events: str, **fields: str) -> str:
    """An endpoint made through the console's form; its id."""
    chosen = {f"event:{name}": "on" for name in events or ("*",)}
    answer = await member.post_form("/developers/webhooks", {"url": url, **chosen, **fields})
    assert answer.status_code == 201, answer.text
    return endpoint_id_on(answer)


async def deliver(engine: AsyncEngine, database_url: str) -> None:
    """Send what is due, as `pulse worker` would, until nothing is left to send."""
    engine_ = DeliveryEngine(engine, make_settings(database_url, delivery_timeout_seconds=2.0))
    try:
        await engine_.run_until_idle()
    finally:
        await engine_.close()


async def counts(engine: AsyncEngine, workspace_id: str) -> dict[str, Any]:
    """How many endpoints, deliveries and audit entries the workspace has, and its
    endpoints' rows (a refused form changes none of them)."""
    async with reading(engine) as db:
        found: dict[str, Any] = {}
        for name, table in (
            ("audit", audit_log),
            ("deliveries", webhook_deliveries),
            ("endpoints", webhook_endpoints),
        ):
            query = select(func.count()).where(table.c.workspace_id == workspace_id)
            found[name] = (await db.execute(query.select_from(table))).scalar_one()
        rows = await db.execute(
            select(webhook_endpoints).where(webhook_endpoints.c.workspace_id == workspace_id)
        )
        found["rows"] = sorted((dict(row) for row in rows.mappings()), key=lambda r: r["id"])
    return found


async def audit_entries(engine: AsyncEngine, workspace_id: str) -> list[dict[str, Any]]:
    """The workspace's audit entries but sign-ins and invitations, oldest first."""
    async with reading(engine) as db:
        rows = await db.execute(
            select(audit_log)
            .where(
                audit_log.c.workspace_id == workspace_id,
                audit_log.c.action.not_like("member.%"),
            )
            .order_by(audit_log.c.id)
        )
        return [dict(row) for row in rows.mappings()]
