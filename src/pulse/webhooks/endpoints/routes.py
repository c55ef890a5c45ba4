"""`/v1/webhook-endpoints`: where the workspace's events are delivered."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from pulse.core.secrets import SecretBox
from pulse.core.tenancy import Tenant
from pulse.db.session import Session
from pulse.kit.auth import require_scope
from pulse.kit.database import Db, Tx
from pulse.kit.idempotency import Idempotent, withholding
from pulse.kit.openapi import error_responses
from pulse.kit.pagination import page_request
from pulse.kit.principals import Principal
from pulse.kit.rendering import json_answer
from pulse.kit.routing import ApiRoute
from pulse.kit.runtime import runtime
from pulse.webhooks.deliveries.schemas import Delivery, DeliveryFilters, DeliveryList
from pulse.webhooks.endpoints import service
from pulse.webhooks.endpoints.schemas import (
    DeletedWebhookEndpoint,
    WebhookEndpoint,
    WebhookEndpointCreate,
    WebhookEndpointFilters,
    WebhookEndpointList,
    WebhookEndpointUpdate,
    WebhookEndpointWithSecret,
)
from pulse.webhooks.endpoints.targets import TargetPolicy

WebhooksRead = Annotated[Principal, Depends(require_scope("read:webhooks"))]
WebhooksWrite = Annotated[Principal, Depends(require_scope("write:webhooks"))]


async def _target_policy(request: Request) -> TargetPolicy:
    return TargetPolicy.of(runtime(request).settings)


Targets = Annotated[TargetPolicy, Depends(_target_policy)]


async def _secret_box(request: Request) -> SecretBox:
    return runtime(request).secrets


Secrets = Annotated[SecretBox, Depends(_secret_box)]


async def _with_current_secret(
    request: Request, db: Session, tenant: Tenant, answer: dict[str, Any]
) -> dict[str, Any]:
    return await service.with_current_secret(db, tenant, runtime(request).secrets, answer)


# The Idempotency-Key of an answer showing the secret keeps that answer without it; a
# replay decrypts the endpoint's secret again.
IdempotentShowingSecret = Annotated[None, withholding("secret", _with_current_secret)]

router = APIRouter(prefix="/v1/webhook-endpoints", tags=["Webhook endpoints"], route_class=ApiRoute)

TARGET_RULES = (
    "Live-mode URLs must be https. No URL may point at a private, loopback, link-local "
    "or otherwise non-public address, by IP or by a name resolving to one (422), unless "
    "the deployment allows private targets; test mode may use plain http, and loopback "
    "when the deployment allows loopback targets."
)

# Secrets are stored encrypted, never in an Idempotency-Key's record.
ON_REPLAY = (
    "A replay with the same `Idempotency-Key` answers the endpoint's secret as it is "
    "now, read again from its encrypted store."
)


@router.get(
    "",
    operation_id="webhook_endpoints.list",
    summary="List webhook endpoints",
    response_model=WebhookEndpointList,
)
async def list_endpoints(
    principal: WebhooksRead, params: Annotated[WebhookEndpointFilters, Query()], db: Db
) -> Response:
    page = await service.list_endpoints(
        db, principal.tenant, params, page_request("webhook_endpoints", params)
    )
    return json_answer(page)


@router.post(
    "",
    status_code=201,
    operation_id="webhook_endpoints.create",
    summary="Create a webhook endpoint",
    description="Answers the endpoint with its signing `secret`, shown only now and when "
    "it is rolled. " + ON_REPLAY + " " + TARGET_RULES,
    responses=error_responses(422),
    response_model=WebhookEndpointWithSecret,
)
async def create_endpoint(
    principal: WebhooksWrite,
    _: IdempotentShowingSecret,
    body: WebhookEndpointCreate,
    targets: Targets,
    secrets: Secrets,
    tx: Tx,
) -> Response:
    endpoint = await service.create_endpoint(tx, principal, body, targets=targets, secrets=secrets)
    return json_answer(endpoint, status_code=201)


@router.get(
    "/{endpoint_id}",
    operation_id="webhook_endpoints.retrieve",
    summary="Retrieve a webhook endpoint",
    responses=error_responses(404),
    response_model=WebhookEndpoint,
)
async def get_endpoint(principal: WebhooksRead, endpoint_id: str, db: Db) -> Response:
    return json_answer(await service.get_endpoint(db, principal.tenant, endpoint_id))


@router.patch(
    "/{endpoint_id}",
    operation_id="webhook_endpoints.update",
    summary="Update a webhook endpoint",
    description="Changes only the fields sent. Enabling an endpoint again clears its "
    "`disabled_reason`. " + TARGET_RULES,
    responses=error_responses(404, 422),
    response_model=WebhookEndpoint,
)
async def update_endpoint(
    principal: WebhooksWrite,
    endpoint_id: str,
    body: WebhookEndpointUpdate,
    targets: Targets,
    tx: Tx,
) -> Response:
    endpoint = await service.update_endpoint(tx, principal, endpoint_id, body, targets=targets)
    return json_answer(endpoint)


@router.delete(
    "/{endpoint_id}",
    operation_id="webhook_endpoints.delete",
    summary="Delete a webhook endpoint",
    description="Deletes the endpoint with its deliveries and their attempts, and answers "
    'the endpoint as it was, with `"deleted": true`.',
    responses=error_responses(404),
    response_model=DeletedWebhookEndpoint,
)
async def delete_endpoint(
    principal: WebhooksWrite, _: Idempotent, endpoint_id: str, tx: Tx
) -> Response:
    return json_answer(await service.delete_endpoint(tx, principal, endpoint_id))


@router.post(
    "/{endpoint_id}/roll-secret",
    operation_id="webhook_endpoints.roll_secret",
    summary="Roll a webhook endpoint's signing secret",
    description="Answers the endpoint with a new `secret`. For 24 hours the previous secret "
    "keeps signing beside it (one `v1=` each in `X-Pulse-Signature`), so receivers can "
    "switch without rejecting deliveries; rolling again within them retires it at once. "
    + ON_REPLAY,
    responses=error_responses(404),
    response_model=WebhookEndpointWithSecret,
)
async def roll_secret(
    principal: WebhooksWrite,
    _: IdempotentShowingSecret,
    endpoint_id: str,
    secrets: Secrets,
    tx: Tx,
) -> Response:
    return json_answer(await service.roll_secret(tx, principal, endpoint_id, secrets=secrets))


@router.post(
    "/{endpoint_id}/test",
    status_code=202,
    operation_id="webhook_endpoints.send_test",
    summary="Send a test event to a webhook endpoint",
    description="Records a `webhook_endpoint.test` event (its `data` is the endpoint) and "
    "queues one delivery of it to this endpoint only; answers that delivery. A disabled "
    "endpoint cannot be tested (422).",
    responses=error_responses(404, 422),
    response_model=Delivery,
)
async def send_test_event(
    principal: WebhooksWrite, _: Idempotent, endpoint_id: str, tx: Tx
) -> Response:
    return json_answer(await service.send_test_event(tx, principal, endpoint_id), status_code=202)


@router.get(
    "/{endpoint_id}/deliveries",
    operation_id="webhook_endpoints.list_deliveries",
    summary="List a webhook endpoint's deliveries",
    description="Oldest first, each delivery with every attempt made so far.",
    responses=error_responses(404),
    response_model=DeliveryList,
)
async def list_deliveries(
    principal: WebhooksRead,
    endpoint_id: str,
    params: Annotated[DeliveryFilters, Query()],
    db: Db,
) -> Response:
    # The endpoint is part of the list: a cursor made for one endpoint fails on another.
    page = page_request(f"webhook_endpoints.{endpoint_id}.deliveries", params)
    return json_answer(
        await service.list_deliveries(db, principal.tenant, endpoint_id, params, page)
    )
