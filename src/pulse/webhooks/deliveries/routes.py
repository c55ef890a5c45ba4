"""`POST /v1/events/{event_id}/replay`: an event delivered to webhooks once more."""

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.responses import Response

from pulse.kit.auth import require_scope
from pulse.kit.database import Tx
from pulse.kit.idempotency import Idempotent
from pulse.kit.openapi import error_responses
from pulse.kit.principals import Principal
from pulse.kit.rendering import json_answer
from pulse.kit.routing import ApiRoute
from pulse.webhooks.deliveries import replay
from pulse.webhooks.deliveries.schemas import EventReplay, ReplayedDeliveries

EventsWrite = Annotated[Principal, Depends(require_scope("write:events"))]

router = APIRouter(prefix="/v1", tags=["Events"], route_class=ApiRoute)


@router.post(
    "/events/{event_id}/replay",
    status_code=202,
    operation_id="events.replay",
    summary="Replay an event to webhooks",
    description="Queues a new delivery of the event, under its own id: to the endpoint "
    "named in `endpoint_id` (enabled, subscribed or not), or without a body to every "
    "enabled endpoint subscribed to its type. A `webhook_endpoint.test` event replays "
    "only to a named endpoint.",
    responses=error_responses(404, 422),
    response_model=ReplayedDeliveries,
)
async def replay_event(
    principal: EventsWrite,
    _: Idempotent,
    event_id: str,
    tx: Tx,
    body: EventReplay | None = None,
) -> Response:
    endpoint_id = body.endpoint_id if body is not None else None
    deliveries = await replay.replay_event(tx, principal, event_id, endpoint_id)
    return json_answer({"data": deliveries}, status_code=202)
