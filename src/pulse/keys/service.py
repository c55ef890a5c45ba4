"""API keys: minted from the CLI or the console, secret shown once, stored hashed.

Every key minted or revoked is written to the audit log in the same transaction, with
who did it: the rule lives here, so no way of minting a key can skip it."""

import hashlib
from datetime import timedelta
from typing import Any

from pulse.audit import service as audit
from pulse.audit.service import Actor
from pulse.core.errors import InvalidRequest, NotFound
from pulse.core.tenancy import Environment, Tenant
from pulse.db.session import Session
from pulse.employees import repository as employees
from pulse.keys import repository
from pulse.kit.clock import rfc3339, utcnow
from pulse.kit.ids import new_id
from pulse.kit.randomness import random_base62
from pulse.kit.scopes import validate_scope
from pulse.workspaces.service import get_workspace

SECRET_LENGTH = 40  # random base62 characters after the prefix (~238 bits)


def generate_secret(environment: str) -> str:
    return f"pk_{environment}_" + random_base62(SECRET_LENGTH)


def hash_secret(secret: str) -> str:
    # The secret carries ~238 random bits, so a fast hash is as safe as a slow one
    # here, and it keeps authentication at one indexed lookup.
    return hashlib.sha256(secret.encode()).hexdigest()


async def create_key(
    db: Session,
    tenant: Tenant,
    scopes: list[str],
    *,
    actor: Actor,
    employee_id: str | None = None,
    expires_in_days: int | None = None,
    name: str | None = None,
) -> tuple[dict[str, Any], str]:
    """Mint a key; returns its stored record and the secret (shown once, never stored)."""
    await get_workspace(db, tenant.workspace_id)
    if not scopes:
        raise InvalidRequest("A key needs at least one scope.", fields=["scope"])
    try:
        checked_scopes = sorted({validate_scope(scope) for scope in scopes})
    except ValueError as exc:
        raise InvalidRequest(str(exc), fields=["scope"]) from exc
    if employee_id is not None and await employees.get_employee(db, tenant, employee_id) is None:
        raise NotFound(
            f"No employee {employee_id!r} in workspace {tenant.workspace_id} "
            f"({tenant.environment.value} mode).",
            fields=["employee"],
        )
    if expires_in_days is not None and expires_in_days < 1:
        raise InvalidRequest("--expires-in is a number of days, 1 or more.", fields=["expires_in"])
    now = utcnow()
    secret = generate_secret(tenant.environment.value)
    row: dict[str, Any] = {
        "workspace_id": tenant.workspace_id,
        "environment": tenant.environment.value,
        "id": new_id("key"),
        "name": name,
        "secret_hash": hash_secret(secret),
        "prefix": secret[: len(f"pk_{tenant.environment.value}_") + 4],
        "last4": secret[-4:],
        "scopes": checked_scopes,
        "employee_id": employee_id,
        "created_at": now,
        "last_used_at": None,
        "expires_at": now + timedelta(days=expires_in_days) if expires_in_days else None,
        "revoked_at": None,
    }
    await repository.insert_key(db, row)
    record = public_view(row)
    await audit.record(
        db,
        actor,
        "key.created",
        workspace_id=tenant.workspace_id,
        environment=tenant.environment,
        target=row["id"],
        details=_audit_details(record),
    )
    return record, secret


async def list_keys(
    db: Session, workspace_id: str, environment: Environment | None = None
) -> list[dict[str, Any]]:
    """The workspace's keys, of one environment when named."""
    await get_workspace(db, workspace_id)
    rows = await repository.list_keys(db, workspace_id)
    return [
        public_view(row)
        for row in rows
        if environment is None or row["environment"] == environment.value
    ]


async def get_key(db: Session, tenant: Tenant, key_id: str) -> dict[str, Any]:
    """A key of `tenant` (a key of another workspace or environment is not found)."""
    row = await repository.get_key(db, key_id)
    if row is None or not _belongs_to(row, tenant):
        raise NotFound(f"No API key with id {key_id!r}.")
    return public_view(row)


async def revoke_key(
    db: Session, key_id: str, *, actor: Actor, tenant: Tenant | None
) -> dict[str, Any]:
    """Revoke a key; revoking it again changes nothing and records nothing.

    `tenant` is where the caller stands: a key of another workspace or environment is
    not found for them. The CLI passes None: its operator runs the whole deployment."""
    before = await repository.get_key(db, key_id)
    if before is None or (tenant is not None and not _belongs_to(before, tenant)):
        raise NotFound(f"No API key with id {key_id!r}.")
    await repository.revoke_key(db, key_id, utcnow())
    row = await repository.get_key(db, key_id)
    assert row is not None
    record = public_view(row)
    if before["revoked_at"] is None:
        await audit.record(
            db,
            actor,
            "key.revoked",
            workspace_id=row["workspace_id"],
            environment=Environment(row["environment"]),
            target=key_id,
            details=_audit_details(record),
        )
    return record


def _belongs_to(row: dict[str, Any], tenant: Tenant) -> bool:
    return bool(
        row["workspace_id"] == tenant.workspace_id
        and row["environment"] == tenant.environment.value
    )


def public_view(row: dict[str, Any]) -> dict[str, Any]:
    """What may be shown of a key after creation: never its hash."""
    return {name: value for name, value in row.items() if name != "secret_hash"}


def _audit_details(record: dict[str, Any]) -> dict[str, Any]:
    """What the audit log keeps of a key: enough to recognise it, never its secret."""
    expires_at = record["expires_at"]
    return {
        "name": record["name"],
        "key": f"{record['prefix']}…{record['last4']}",
        "scopes": record["scopes"],
        "employee_id": record["employee_id"],
        "expires_at": None if expires_at is None else rfc3339(expires_at),
    }
