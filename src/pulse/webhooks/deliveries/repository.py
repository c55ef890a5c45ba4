"""SQL of webhook deliveries and their attempts, including the workers' queue."""

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, insert, or_, select, tuple_, update

from pulse.core.pages import PageRequest
from pulse.core.tenancy import Tenant
from pulse.db.queries import PageRows, fetch_page, in_tenant
from pulse.db.session import Session
from pulse.db.tables import events, webhook_attempts, webhook_deliveries, webhook_endpoints
from pulse.webhooks.deliveries.schemas import DeliveryFilters, DeliveryStatus

PENDING = DeliveryStatus.pending.value
# How many due rows a claim looks at for each delivery it may take: room to pass over
# the rows of endpoints that have had their share.
CANDIDATES_PER_SLOT = 4


async def insert_deliveries(db: Session, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await db.execute(insert(webhook_deliveries), list(rows))


async def record_attempt(db: Session, row: dict[str, Any]) -> None:
    """Keep an attempt and count it on its delivery.

    Counted here, with its outcome, and not when a worker claims the delivery: a
    worker that dies holding a lease made no attempt. A late outcome from a worker
    whose lease ran out still counts, for it was sent.
    """
    await db.execute(insert(webhook_attempts).values(**row))
    d = webhook_deliveries
    await db.execute(
        update(d)
        .where(
            d.c.workspace_id == row["workspace_id"],
            d.c.environment == row["environment"],
            d.c.id == row["delivery_id"],
        )
        .values(attempt_count=d.c.attempt_count + 1)
    )


def _filters(endpoint_id: str, filters: DeliveryFilters) -> list[ColumnElement[bool]]:
    conditions = [webhook_deliveries.c.endpoint_id == endpoint_id]
    if filters.status is not None:
        conditions.append(webhook_deliveries.c.status == filters.status.value)
    if filters.event_id is not None:
        conditions.append(webhook_deliveries.c.event_id == filters.event_id)
    return conditions


async def list_deliveries(
    db: Session,
    tenant: Tenant,
    endpoint_id: str,
    filters: DeliveryFilters,
    page: PageRequest,
) -> tuple[PageRows, int]:
    return await fetch_page(db, webhook_deliveries, tenant, _filters(endpoint_id, filters), page)


async def attempts_of(
    db: Session, tenant: Tenant, delivery_ids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """Every attempt of these deliveries, oldest first, by delivery id."""
    found: dict[str, list[dict[str, Any]]] = {delivery_id: [] for delivery_id in delivery_ids}
    if not delivery_ids:
        return found
    query = (
        select(webhook_attempts)
        .where(
            *in_tenant(webhook_attempts, tenant),
            webhook_attempts.c.delivery_id.in_(delivery_ids),
        )
        .order_by(webhook_attempts.c.id)
    )
    for row in (await db.execute(query)).mappings():
        found[row["delivery_id"]].append(dict(row))
    return found


async def newest_of_endpoint(
    db: Session, tenant: Tenant, endpoint_id: str, limit: int
) -> list[dict[str, Any]]:
    """The endpoint's newest deliveries (ids sort by time), newest first."""
    query = (
        select(webhook_deliveries)
        .where(
            *in_tenant(webhook_deliveries, tenant), webhook_deliveries.c.endpoint_id == endpoint_id
        )
        .order_by(webhook_deliveries.c.id.desc())
        .limit(limit)
    )
    return [dict(row) for row in (await db.execute(query)).mappings()]


async def deliveries_of_event(db: Session, tenant: Tenant, event_id: str) -> list[dict[str, Any]]:
    query = (
        select(webhook_deliveries)
        .where(*in_tenant(webhook_deliveries, tenant), webhook_deliveries.c.event_id == event_id)
        .order_by(webhook_deliveries.c.id)
    )
    return [dict(row) for row in (await db.execute(query)).mappings()]


# The workers' queue. It spans tenants: one worker serves every workspace.


async def claim_unfanned_events(db: Session, limit: int) -> list[dict[str, Any]]:
    """Events still to fan out, locked for this transaction (others skip them)."""
    query = (
        select(events)
        .where(events.c.fanned_out_at.is_(None))
        .order_by(events.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [dict(row) for row in (await db.execute(query)).mappings()]


async def mark_fanned_out(db: Session, keys: Sequence[tuple[str, str, str]], at: datetime) -> None:
    """Mark events (workspace_id, environment, id) as fanned out."""
    if keys:
        await db.execute(
            update(events)
            .where(tuple_(events.c.workspace_id, events.c.environment, events.c.id).in_(keys))
            .values(fanned_out_at=at)
        )


async def enabled_endpoints(
    db: Session, tenants: Sequence[tuple[str, str]]
) -> list[dict[str, Any]]:
    """The enabled endpoints of these tenants (workspace_id, environment)."""
    if not tenants:
        return []
    query = select(
        webhook_endpoints.c.workspace_id,
        webhook_endpoints.c.environment,
        webhook_endpoints.c.id,
        webhook_endpoints.c.events,
    ).where(
        tuple_(webhook_endpoints.c.workspace_id, webhook_endpoints.c.environment).in_(tenants),
        webhook_endpoints.c.enabled.is_(True),
    )
    return [dict(row) for row in (await db.execute(query)).mappings()]


async def claim_due_deliveries(
    db: Session,
    now: datetime,
    lease_until: datetime,
    limit: int,
    per_endpoint: int,
    in_flight: Mapping[str, int],
) -> list[dict[str, Any]]:
    """Lease up to `limit` due deliveries to this worker, oldest due first.

    At most `per_endpoint` of one endpoint, counting what this worker already sends to
    it (`in_flight`), so one slow endpoint's backlog cannot fill a claim and hold up
    the deliveries to the others behind it. An endpoint that already has its share is
    not looked at at all: the next claim reaches past its backlog. A lease
    that ran out (its worker died mid-attempt) makes the delivery due again.

    The candidates are the oldest due rows, a few claims' worth, read off the due index
    and locked with SKIP LOCKED, so workers claiming at once take different rows and a
    claim costs the same whatever the backlog; the ones this claim leaves are unlocked
    when its transaction ends.
    """
    d = webhook_deliveries
    spent = [endpoint for endpoint, sending in in_flight.items() if sending >= per_endpoint]
    candidates = (
        select(d.c.workspace_id, d.c.environment, d.c.id, d.c.endpoint_id)
        .where(
            d.c.status == PENDING,
            d.c.next_attempt_at <= now,
            or_(d.c.lease_expires_at.is_(None), d.c.lease_expires_at < now),
            *([d.c.endpoint_id.not_in(spent)] if spent else []),
        )
        .order_by(d.c.next_attempt_at, d.c.id)
        .limit(limit * CANDIDATES_PER_SLOT)
        .with_for_update(skip_locked=True)
    )
    taken: Counter[str] = Counter()
    keys: list[tuple[Any, ...]] = []
    for row in (await db.execute(candidates)).mappings():
        endpoint_id = row["endpoint_id"]
        if in_flight.get(endpoint_id, 0) + taken[endpoint_id] >= per_endpoint:
            continue
        taken[endpoint_id] += 1
        keys.append((row["workspace_id"], row["environment"], row["id"]))
        if len(keys) == limit:
            break
    if not keys:
        return []
    key = tuple_(d.c.workspace_id, d.c.environment, d.c.id)
    await db.execute(update(d).where(key.in_(keys)).values(lease_expires_at=lease_until))
    return await _with_event_and_endpoint(db, keys)


async def _with_event_and_endpoint(
    db: Session, keys: Sequence[tuple[Any, ...]]
) -> list[dict[str, Any]]:
    d, e, w = webhook_deliveries, events, webhook_endpoints
    query = (
        select(
            d,
            e.c.type.label("event_type_"),
            e.c.created_at.label("event_created_at"),
            e.c.data.label("event_data"),
            w.c.url,
            w.c.enabled,
            w.c.secret,
            w.c.previous_secret,
            w.c.previous_secret_expires_at,
        )
        .join(
            e,
            and_(
                e.c.workspace_id == d.c.workspace_id,
                e.c.environment == d.c.environment,
                e.c.id == d.c.event_id,
            ),
        )
        .join(
            w,
            and_(
                w.c.workspace_id == d.c.workspace_id,
                w.c.environment == d.c.environment,
                w.c.id == d.c.endpoint_id,
            ),
            isouter=True,
        )
        .where(tuple_(d.c.workspace_id, d.c.environment, d.c.id).in_(keys))
    )
    return [dict(row) for row in (await db.execute(query)).mappings()]


async def settle_delivery(
    db: Session, tenant: Tenant, delivery_id: str, values: dict[str, Any]
) -> None:
    """Record the outcome of an attempt and release the lease.

    Only a pending delivery changes: a slow worker whose lease ran out must not
    overwrite what the worker that took over has settled since.
    """
    await db.execute(
        update(webhook_deliveries)
        .where(
            *in_tenant(webhook_deliveries, tenant),
            webhook_deliveries.c.id == delivery_id,
            webhook_deliveries.c.status == PENDING,
        )
        .values(**values, lease_expires_at=None)
    )


async def disable_endpoint(
    db: Session, tenant: Tenant, endpoint_id: str, reason: str, at: datetime
) -> None:
    await db.execute(
        update(webhook_endpoints)
        .where(*in_tenant(webhook_endpoints, tenant), webhook_endpoints.c.id == endpoint_id)
        .values(enabled=False, disabled_reason=reason, updated_at=at)
    )


async def queue_stats(db: Session) -> tuple[int, datetime | None]:
    """How many deliveries wait to be sent (now or at a later retry), and the earliest
    time one of them is due: one pass over the partial index of pending rows."""
    d = webhook_deliveries
    query = select(
        func.count().label("depth"), func.min(d.c.next_attempt_at).label("earliest")
    ).where(d.c.status == PENDING)
    row = (await db.execute(query)).mappings().one()
    return int(row["depth"]), row["earliest"]
