"""`/developers/webhooks`: the workspace's webhook endpoints, each with its deliveries.

Every change goes through the endpoints' service, the API's own rules (allowed
targets, the event selection, secrets stored encrypted), and is audited in its
transaction. A signing secret is shown once, on the page answering the form that
made it (never in a URL); viewers see neither secrets nor forms.
"""

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from pulse.audit import service as audit
from pulse.console.access import Changer, CurrentMember
from pulse.console.refusals import refusal
from pulse.console.replays import replay_event
from pulse.console.web import PREFIX, ConsoleRoute, client_ip, page, posted_form, see_other
from pulse.core.errors import Unprocessable
from pulse.db.session import Session
from pulse.events.catalogue import ALL_EVENTS, SUBSCRIBABLE
from pulse.kit.database import Db, Tx
from pulse.kit.pagination import MAX_LIMIT, page_request
from pulse.kit.runtime import runtime
from pulse.members.sessions import SignedIn
from pulse.webhooks.deliveries import service as deliveries
from pulse.webhooks.endpoints import service as endpoints
from pulse.webhooks.endpoints.schemas import (
    WebhookEndpointCreate,
    WebhookEndpointFilters,
    WebhookEndpointUpdate,
)
from pulse.webhooks.endpoints.targets import TargetPolicy

router = APIRouter(prefix=PREFIX, route_class=ConsoleRoute, include_in_schema=False)

WEBHOOKS = f"{PREFIX}/webhooks"
# Each event type is its own checkbox (`event:<type>`), so the flat form holds them all.
EVENT_FIELD = "event:"
# How many of an endpoint's deliveries its page shows, newest first.
DELIVERIES_SHOWN = 50


def endpoint_path(endpoint_id: str) -> str:
    return f"{WEBHOOKS}/{endpoint_id}"


async def all_endpoints(db: Session, member: SignedIn) -> list[dict[str, Any]]:
    """The environment's endpoints (the API's list, its largest page), oldest first."""
    params = WebhookEndpointFilters.model_validate({"limit": MAX_LIMIT})
    listed = await endpoints.list_endpoints(
        db, member.tenant, params, page_request("webhook_endpoints", params)
    )
    found: list[dict[str, Any]] = listed["data"]
    return found


def _targets(request: Request) -> TargetPolicy:
    """Where this deployment lets endpoints point (the API's rule, from the settings)."""
    return TargetPolicy.of(runtime(request).settings)


def _endpoint_fields(form: Mapping[str, str]) -> dict[str, Any]:
    """The endpoint a form describes, as the API's request body has it."""
    chosen = [name.removeprefix(EVENT_FIELD) for name in form if name.startswith(EVENT_FIELD)]
    description = form.get("description", "").strip()
    return {"url": form.get("url", ""), "events": chosen, "description": description or None}


async def _audit(
    tx: Session,
    request: Request,
    member: SignedIn,
    action: str,
    endpoint_id: str,
    details: dict[str, Any] | None = None,
) -> None:
    await audit.record(
        tx,
        member.actor(client_ip(request)),
        action,
        workspace_id=member.workspace_id,
        environment=member.environment,
        target=endpoint_id,
        details=details,
    )


async def _list_page(
    db: Session,
    member: SignedIn,
    status_code: int = 200,
    form: dict[str, Any] | None = None,
    error: str | None = None,
) -> Response:
    return page(
        "webhooks.html",
        member,
        "webhooks",
        WEBHOOKS,
        status_code=status_code,
        endpoints=await all_endpoints(db, member),
        event_types=SUBSCRIBABLE,
        all_events=ALL_EVENTS,
        can_change=member.can_change,
        form=form or {"url": "", "events": [], "description": ""},
        error=error,
    )


async def _endpoint_page(
    db: Session,
    member: SignedIn,
    endpoint_id: str,
    status_code: int = 200,
    form: dict[str, Any] | None = None,
    error: str | None = None,
) -> Response:
    endpoint = await endpoints.get_endpoint(db, member.tenant, endpoint_id)
    shown = await deliveries.newest_deliveries(db, member.tenant, endpoint_id, DELIVERIES_SHOWN)
    return page(
        "webhook.html",
        member,
        "webhooks",
        # An endpoint belongs to one environment: the toggle leads to the other's list.
        WEBHOOKS,
        status_code=status_code,
        endpoint=endpoint,
        deliveries=shown,
        shown=DELIVERIES_SHOWN,
        event_types=SUBSCRIBABLE,
        all_events=ALL_EVENTS,
        can_change=member.can_change,
        form=form or {**endpoint, "description": endpoint["description"] or ""},
        error=error,
    )


@router.get("/webhooks")
async def list_endpoints(member: CurrentMember, db: Db) -> Response:
    return await _list_page(db, member)


@router.post("/webhooks")
async def create_endpoint(request: Request, member: Changer, tx: Tx) -> Response:
    fields = _endpoint_fields(await posted_form(request))
    try:
        body = WebhookEndpointCreate.model_validate(fields)
        endpoint = await endpoints.create_endpoint(
            tx,
            member.principal,
            body,
            targets=_targets(request),
            secrets=runtime(request).secrets,
        )
    except (ValidationError, Unprocessable) as exc:
        # Refused before anything was written: the form again, with why.
        status_code, message = refusal(exc)
        form = {**fields, "description": fields["description"] or ""}
        return await _list_page(tx, member, status_code, form, message)
    await _audit(
        tx,
        request,
        member,
        "webhook_endpoint.created",
        endpoint["id"],
        {"url": endpoint["url"], "events": endpoint["events"]},
    )
    # The secret is shown on this answer alone (never stored in the clear, never in a URL).
    return page(
        "webhook_secret.html",
        member,
        "webhooks",
        WEBHOOKS,
        status_code=201,
        endpoint=endpoint,
        heading="Endpoint created",
    )


@router.get("/webhooks/{endpoint_id}")
async def show_endpoint(member: CurrentMember, endpoint_id: str, db: Db) -> Response:
    return await _endpoint_page(db, member, endpoint_id)


@router.post("/webhooks/{endpoint_id}")
async def update_endpoint(request: Request, member: Changer, endpoint_id: str, tx: Tx) -> Response:
    fields = _endpoint_fields(await posted_form(request))
    before = await endpoints.get_endpoint(tx, member.tenant, endpoint_id)
    try:
        patch = WebhookEndpointUpdate.model_validate(fields)
        after = await endpoints.update_endpoint(
            tx,
            member.principal,
            endpoint_id,
            patch,
            targets=_targets(request),
        )
    except (ValidationError, Unprocessable) as exc:
        # Refused before anything was written: the form again, with why.
        status_code, message = refusal(exc)
        form = {**before, **fields, "description": fields["description"] or ""}
        return await _endpoint_page(tx, member, endpoint_id, status_code, form, message)
    changed = [name for name in ("url", "events", "description") if before[name] != after[name]]
    if changed:
        await _audit(
            tx, request, member, "webhook_endpoint.updated", endpoint_id, {"changed": changed}
        )
    return see_other(endpoint_path(endpoint_id))


async def _set_enabled(
    request: Request, member: SignedIn, endpoint_id: str, tx: Session, enabled: bool
) -> Response:
    patch = WebhookEndpointUpdate.model_validate({"enabled": enabled})
    await endpoints.update_endpoint(
        tx, member.principal, endpoint_id, patch, targets=_targets(request)
    )
    action = "webhook_endpoint.enabled" if enabled else "webhook_endpoint.disabled"
    await _audit(tx, request, member, action, endpoint_id)
    return see_other(endpoint_path(endpoint_id))


@router.post("/webhooks/{endpoint_id}/enable")
async def enable_endpoint(request: Request, member: Changer, endpoint_id: str, tx: Tx) -> Response:
    return await _set_enabled(request, member, endpoint_id, tx, True)


@router.post("/webhooks/{endpoint_id}/disable")
async def disable_endpoint(request: Request, member: Changer, endpoint_id: str, tx: Tx) -> Response:
    return await _set_enabled(request, member, endpoint_id, tx, False)


@router.post("/webhooks/{endpoint_id}/roll-secret")
async def roll_secret(request: Request, member: Changer, endpoint_id: str, tx: Tx) -> Response:
    endpoint = await endpoints.roll_secret(
        tx, member.principal, endpoint_id, secrets=runtime(request).secrets
    )
    await _audit(tx, request, member, "webhook_endpoint.secret_rolled", endpoint_id)
    return page(
        "webhook_secret.html",
        member,
        "webhooks",
        WEBHOOKS,
        endpoint=endpoint,
        heading="Secret rolled",
        rolled=True,
    )


@router.post("/webhooks/{endpoint_id}/test")
async def send_test_event(request: Request, member: Changer, endpoint_id: str, tx: Tx) -> Response:
    delivery = await endpoints.send_test_event(tx, member.principal, endpoint_id)
    await _audit(
        tx,
        request,
        member,
        "webhook_endpoint.test_sent",
        endpoint_id,
        {"event_id": delivery["event_id"], "delivery_id": delivery["id"]},
    )
    return see_other(endpoint_path(endpoint_id))


@router.post("/webhooks/{endpoint_id}/replay")
async def replay_to_endpoint(
    request: Request, member: Changer, endpoint_id: str, tx: Tx
) -> Response:
    """A delivery's event once more, to this endpoint."""
    event_id = (await posted_form(request)).get("event_id", "")
    await replay_event(tx, request, member, event_id, endpoint_id)
    return see_other(endpoint_path(endpoint_id))


@router.get("/webhooks/{endpoint_id}/delete")
async def confirm_delete(member: Changer, endpoint_id: str, db: Db) -> Response:
    """The confirmation step: a page with one button (no script needed)."""
    endpoint = await endpoints.get_endpoint(db, member.tenant, endpoint_id)
    return page("webhook_delete.html", member, "webhooks", WEBHOOKS, endpoint=endpoint)


@router.post("/webhooks/{endpoint_id}/delete")
async def delete_endpoint(request: Request, member: Changer, endpoint_id: str, tx: Tx) -> Response:
    deleted = await endpoints.delete_endpoint(tx, member.principal, endpoint_id)
    await _audit(
        tx, request, member, "webhook_endpoint.deleted", endpoint_id, {"url": deleted["url"]}
    )
    return see_other(WEBHOOKS)
