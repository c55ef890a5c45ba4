"""The rules of webhook endpoints: safe targets, a secret shown twice, test events.

Endpoints are configuration, not HR data: changing them records no event. Signing
secrets are stored only encrypted (`pulse.core.secrets`): the answers that show one
show it as generated, or decrypted again for an Idempotency-Key's replay.
"""

from datetime import timedelta
from typing import Any

from pulse.core.errors import Unprocessable, not_found
from pulse.core.pages import PageRequest
from pulse.core.secrets import SecretBox
from pulse.core.tenancy import Tenant
from pulse.db.session import Session
from pulse.events.catalogue import TEST_EVENT
from pulse.events.outbox import record_event
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id
from pulse.kit.pagination import make_page
from pulse.kit.principals import Principal
from pulse.kit.rendering import ResourceShape
from pulse.webhooks.deliveries import service as deliveries
from pulse.webhooks.deliveries.schemas import DeliveryFilters
from pulse.webhooks.endpoints import repository
from pulse.webhooks.endpoints.schemas import (
    DeletedWebhookEndpoint,
    WebhookEndpoint,
    WebhookEndpointCreate,
    WebhookEndpointFilters,
    WebhookEndpointUpdate,
    WebhookEndpointWithSecret,
)
from pulse.webhooks.endpoints.targets import TargetPolicy, refuse_reason
from pulse.webhooks.signing import generate_secret

# After a roll the previous secret keeps signing beside the new one this long, so a
# receiver can switch to the new secret without rejecting deliveries meanwhile.
SECRET_OVERLAP = timedelta(hours=24)
MANAGING = "manage webhook endpoints"


ENDPOINT = ResourceShape(WebhookEndpoint)
# Creating and rolling answer the secret too; deleting answers the endpoint as it was.
WITH_SECRET = ResourceShape(WebhookEndpointWithSecret)
DELETED = ResourceShape(DeletedWebhookEndpoint)


async def get_endpoint(db: Session, tenant: Tenant, endpoint_id: str) -> dict[str, Any]:
    return ENDPOINT.document(await _existing(db, tenant, endpoint_id))


async def list_endpoints(
    db: Session, tenant: Tenant, filters: WebhookEndpointFilters, page: PageRequest
) -> dict[str, Any]:
    rows, total = await repository.list_endpoints(db, tenant, filters, page)
    return make_page(page, [ENDPOINT.document(row) for row in rows], total)


async def create_endpoint(
    db: Session,
    principal: Principal,
    data: WebhookEndpointCreate,
    *,
    targets: TargetPolicy,
    secrets: SecretBox,
) -> dict[str, Any]:
    principal.require_integration_key(MANAGING)
    tenant = principal.tenant
    await _check_target(data.url, tenant, targets)
    now = utcnow()
    secret = generate_secret()
    row = {
        **data.model_dump(),
        "workspace_id": tenant.workspace_id,
        "environment": tenant.environment.value,
        "id": new_id("we"),
        "disabled_reason": None,
        "secret": secrets.encrypt(secret),
        "previous_secret": None,
        "previous_secret_expires_at": None,
        "created_at": now,
        "updated_at": now,
    }
    await repository.insert_endpoint(db, row)
    return WITH_SECRET.document(row, secret=secret)


async def update_endpoint(
    db: Session,
    principal: Principal,
    endpoint_id: str,
    patch: WebhookEndpointUpdate,
    *,
    targets: TargetPolicy,
) -> dict[str, Any]:
    """Change the fields sent; a change to nothing answers the endpoint as it is."""
    principal.require_integration_key(MANAGING)
    tenant = principal.tenant
    current = await _existing(db, tenant, endpoint_id, for_update=True)
    changes = {name: value for name, value in patch.changes().items() if current[name] != value}
    if not changes:
        return ENDPOINT.document(current)
    if "url" in changes:
        await _check_target(changes["url"], tenant, targets)
    if changes.get("enabled") is True:
        # Whoever enables it again has dealt with why it was disabled.
        changes["disabled_reason"] = None
    values = {**changes, "updated_at": utcnow()}
    await repository.update_endpoint(db, tenant, endpoint_id, values)
    return ENDPOINT.document({**current, **values})


async def delete_endpoint(db: Session, principal: Principal, endpoint_id: str) -> dict[str, Any]:
    """Delete the endpoint with its deliveries and their attempts; answer it as it was."""
    principal.require_integration_key(MANAGING)
    tenant = principal.tenant
    current = await _existing(db, tenant, endpoint_id, for_update=True)
    await repository.delete_endpoint(db, tenant, endpoint_id)
    return DELETED.document(current, deleted=True)


async def roll_secret(
    db: Session, principal: Principal, endpoint_id: str, *, secrets: SecretBox
) -> dict[str, Any]:
    """A new secret; the current one becomes the previous one, signing for 24 more hours.

    Rolling again within those hours retires the older previous secret at once: only
    two secrets ever sign together.
    """
    principal.require_integration_key(MANAGING)
    tenant = principal.tenant
    current = await _existing(db, tenant, endpoint_id, for_update=True)
    now = utcnow()
    secret = generate_secret()
    values = {
        "secret": secrets.encrypt(secret),
        "previous_secret": current["secret"],
        "previous_secret_expires_at": now + SECRET_OVERLAP,
        "updated_at": now,
    }
    await repository.update_endpoint(db, tenant, endpoint_id, values)
    return WITH_SECRET.document({**current, **values}, secret=secret)


async def with_current_secret(
    db: Session, tenant: Tenant, secrets: SecretBox, answer: dict[str, Any]
) -> dict[str, Any]:
    """A create's or roll's answer, kept without its secret, with the endpoint's secret now.

    That is the secret the answer showed unless the endpoint was rolled since; then it is
    the one that signs now, which is what the integrator needs.
    """
    current = await _existing(db, tenant, answer["id"])
    return {**answer, "secret": secrets.decrypt(current["secret"])}


async def check_secret_key(db: Session, secrets: SecretBox) -> None:
    """`SecretKeyError` unless the key opens the stored secrets (a rotation moves all of
    them at once, so one tells for all)."""
    token = await repository.some_secret(db)
    if token is not None:
        secrets.decrypt(token)


async def reencrypt_secrets(db: Session, secrets: SecretBox) -> int:
    """Encrypt every stored secret again with the first key; returns how many endpoints.

    One transaction: it ends with every secret under the new key, or (a secret no key
    opens) with none changed.
    """
    rows = await repository.every_secret(db)
    for row in rows:
        previous = row["previous_secret"]
        row["secret"] = secrets.reencrypt(row["secret"])
        row["previous_secret"] = None if previous is None else secrets.reencrypt(previous)
        await repository.store_secrets(db, row)
    return len(rows)


async def send_test_event(db: Session, principal: Principal, endpoint_id: str) -> dict[str, Any]:
    """Record a `webhook_endpoint.test` event and one delivery of it, to this endpoint only."""
    principal.require_integration_key(MANAGING)
    tenant = principal.tenant
    # Locked so that a concurrent delete cannot leave a delivery to nowhere behind.
    current = await _existing(db, tenant, endpoint_id, for_update=True)
    if not current["enabled"]:
        raise Unprocessable(
            "This endpoint is disabled, so the test event would not be sent; enable it first.",
            fields=["enabled"],
        )
    # Kept from the fan-out, which would also send it to every endpoint subscribed
    # to "*": a test is for the endpoint that asked for it.
    event = await record_event(db, tenant, TEST_EVENT, ENDPOINT.document(current), fan_out=False)
    [delivery] = await deliveries.create_deliveries(
        db, tenant, event, [endpoint_id], event["created_at"]
    )
    return delivery


async def list_deliveries(
    db: Session,
    tenant: Tenant,
    endpoint_id: str,
    filters: DeliveryFilters,
    page: PageRequest,
) -> dict[str, Any]:
    await _existing(db, tenant, endpoint_id)
    return await deliveries.list_deliveries(db, tenant, endpoint_id, filters, page)


async def _existing(
    db: Session, tenant: Tenant, endpoint_id: str, *, for_update: bool = False
) -> dict[str, Any]:
    row = await repository.get_endpoint(db, tenant, endpoint_id, for_update=for_update)
    if row is None:
        raise not_found("webhook endpoint", endpoint_id)
    return row


async def _check_target(url: str, tenant: Tenant, targets: TargetPolicy) -> None:
    reason = await refuse_reason(url, tenant.environment, targets)
    if reason is not None:
        raise Unprocessable(f"Webhooks cannot be sent to this URL: {reason}.", fields=["url"])
