"""SQL of erasure and export: an employee's rows in every table that names them."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, or_, select, update

from pulse.core.tenancy import Tenant
from pulse.db.queries import in_tenant
from pulse.db.session import Session
from pulse.db.tables import (
    employee_changes,
    events,
    idempotency_keys,
    kudos,
    leave,
    status_log,
    webhook_attempts,
    webhook_deliveries,
    workload_checkins,
)

EVENT_BATCH = 500


async def _rows(
    db: Session, table: Table, tenant: Tenant, *conditions: Any
) -> list[dict[str, Any]]:
    query = select(table).where(*in_tenant(table, tenant), *conditions).order_by(table.c.id)
    return [dict(row) for row in (await db.execute(query)).mappings()]


async def changes_of(db: Session, tenant: Tenant, employee_id: str) -> list[dict[str, Any]]:
    return await _rows(db, employee_changes, tenant, employee_changes.c.employee_id == employee_id)


async def status_log_of(db: Session, tenant: Tenant, employee_id: str) -> list[dict[str, Any]]:
    return await _rows(db, status_log, tenant, status_log.c.employee_id == employee_id)


async def checkins_of(db: Session, tenant: Tenant, employee_id: str) -> list[dict[str, Any]]:
    return await _rows(
        db, workload_checkins, tenant, workload_checkins.c.employee_id == employee_id
    )


async def leave_of(db: Session, tenant: Tenant, employee_id: str) -> list[dict[str, Any]]:
    return await _rows(db, leave, tenant, leave.c.employee_id == employee_id)


async def kudos_of(db: Session, tenant: Tenant, employee_id: str) -> list[dict[str, Any]]:
    """Kudos the employee gave or received."""
    named = or_(kudos.c.from_employee_id == employee_id, kudos.c.to_employee_id == employee_id)
    return await _rows(db, kudos, tenant, named)


async def rewrite(
    db: Session, table: Table, tenant: Tenant, row_id: str, values: dict[str, Any]
) -> None:
    await db.execute(
        update(table).where(*in_tenant(table, tenant), table.c.id == row_id).values(**values)
    )


async def events_after(db: Session, tenant: Tenant, after_id: str) -> list[dict[str, Any]]:
    """A batch of the tenant's events after `after_id`, by id."""
    query = (
        select(events.c.id, events.c.data)
        .where(*in_tenant(events, tenant), events.c.id > after_id)
        .order_by(events.c.id)
        .limit(EVENT_BATCH)
    )
    return [dict(row) for row in (await db.execute(query)).mappings()]


async def forget_responses(
    db: Session, tenant: Tenant, event_ids: Sequence[str], mentions: Sequence[str]
) -> None:
    """Drop what receivers answered to deliveries of these events, or in words that
    mention any of `mentions`: they may quote the person."""
    deliveries = select(webhook_deliveries.c.id).where(
        *in_tenant(webhook_deliveries, tenant), webhook_deliveries.c.event_id.in_(event_ids)
    )
    quoting = [
        webhook_attempts.c.response_body.contains(text, autoescape=True) for text in mentions
    ]
    await db.execute(
        update(webhook_attempts)
        .where(
            *in_tenant(webhook_attempts, tenant),
            webhook_attempts.c.response_body.is_not(None),
            or_(webhook_attempts.c.delivery_id.in_(deliveries.scalar_subquery()), *quoting),
        )
        .values(response_body=None)
    )


async def stored_answers(db: Session, tenant: Tenant) -> list[dict[str, Any]]:
    """The tenant's stored Idempotency-Key answers (they live a day, so they are few)."""
    query = select(
        idempotency_keys.c.api_key_id, idempotency_keys.c.key, idempotency_keys.c.response_body
    ).where(*in_tenant(idempotency_keys, tenant), idempotency_keys.c.response_body.is_not(None))
    return [dict(row) for row in (await db.execute(query)).mappings()]


async def rewrite_answer(
    db: Session, tenant: Tenant, api_key_id: str, key: str, body: bytes
) -> None:
    await db.execute(
        update(idempotency_keys)
        .where(
            *in_tenant(idempotency_keys, tenant),
            idempotency_keys.c.api_key_id == api_key_id,
            idempotency_keys.c.key == key,
        )
        .values(response_body=body)
    )
