"""SQL of webhook endpoints (and of what goes when one is deleted)."""

from typing import Any

from sqlalchemy import ColumnElement, delete, insert, select, update

from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.queries import PageRows, fetch_by_id, fetch_page, in_tenant
from pulse.db.session import Session
from pulse.db.tables import webhook_attempts, webhook_deliveries, webhook_endpoints
from pulse.webhooks.endpoints.schemas import WebhookEndpointFilters


async def insert_endpoint(db: Session, row: dict[str, Any]) -> None:
    await db.execute(insert(webhook_endpoints).values(**row))


async def get_endpoint(
    db: Session, tenant: Tenant, endpoint_id: str, *, for_update: bool = False
) -> dict[str, Any] | None:
    return await fetch_by_id(db, webhook_endpoints, tenant, endpoint_id, for_update=for_update)


def _filters(filters: WebhookEndpointFilters) -> list[ColumnElement[bool]]:
    """The conditions the filters add to the tenant's."""
    conditions: list[ColumnElement[bool]] = []
    if filters.enabled is not None:
        conditions.append(webhook_endpoints.c.enabled.is_(filters.enabled))
    return conditions


async def list_endpoints(
    db: Session, tenant: Tenant, filters: WebhookEndpointFilters, page: PageRequest
) -> tuple[PageRows, int]:
    return await fetch_page(db, webhook_endpoints, tenant, _filters(filters), page)


async def update_endpoint(
    db: Session, tenant: Tenant, endpoint_id: str, values: dict[str, Any]
) -> None:
    await db.execute(
        update(webhook_endpoints)
        .where(*in_tenant(webhook_endpoints, tenant), webhook_endpoints.c.id == endpoint_id)
        .values(**values)
    )


async def delete_endpoint(db: Session, tenant: Tenant, endpoint_id: str) -> None:
    """Delete the endpoint, its deliveries and their attempts (its events stay)."""
    deliveries = select(webhook_deliveries.c.id).where(
        *in_tenant(webhook_deliveries, tenant), webhook_deliveries.c.endpoint_id == endpoint_id
    )
    await db.execute(
        delete(webhook_attempts).where(
            *in_tenant(webhook_attempts, tenant), webhook_attempts.c.delivery_id.in_(deliveries)
        )
    )
    await db.execute(
        delete(webhook_deliveries).where(
            *in_tenant(webhook_deliveries, tenant), webhook_deliveries.c.endpoint_id == endpoint_id
        )
    )
    await db.execute(
        delete(webhook_endpoints).where(
            *in_tenant(webhook_endpoints, tenant), webhook_endpoints.c.id == endpoint_id
        )
    )


async def every_secret(db: Session) -> list[dict[str, Any]]:
    """Every endpoint's stored secrets, of every tenant, locked until the transaction ends."""
    w = webhook_endpoints
    query = select(w.c.workspace_id, w.c.environment, w.c.id, w.c.secret, w.c.previous_secret)
    return [dict(row) for row in (await db.execute(query.with_for_update())).mappings()]


async def store_secrets(db: Session, row: dict[str, Any]) -> None:
    """Store the endpoint's secrets as `row` has them (in any tenant)."""
    w = webhook_endpoints
    await db.execute(
        update(w)
        .where(
            w.c.workspace_id == row["workspace_id"],
            w.c.environment == row["environment"],
            w.c.id == row["id"],
        )
        .values(secret=row["secret"], previous_secret=row["previous_secret"])
    )


async def some_secret(db: Session) -> str | None:
    """One stored secret (of any tenant), if there is one."""
    query = select(webhook_endpoints.c.secret).limit(1)
    value: str | None = (await db.execute(query)).scalar()
    return value
