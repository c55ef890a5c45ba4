"""`/v1/events` (the event log, and replays to webhooks) and `/v1/event-types`."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from pulse.events import service
from pulse.events.schemas import (
    Event,
    EventFilters,
    EventList,
    EventReplay,
    EventTypeList,
    ReplayedDeliveries,
)
from pulse.kit.auth import Principal, require_scope
from pulse.kit.idempotency import Idempotent
from pulse.kit.openapi import error_responses
from pulse.kit.pagination import page_request
from pulse.kit.rendering import json_answer
from pulse.kit.routing import ApiRoute
from pulse.kit.transactions import Tx

EventsRead = Annotated[Principal, Depends(require_scope("read:events"))]
EventsWrite = Annotated[Principal, Depends(require_scope("write:events"))]

router = APIRouter(prefix="/v1", tags=["Events"], route_class=ApiRoute)


@router.get(
    "/events",
    operation_id="events.list",
    summary="List events",
    description="Every change the workspace recorded, each in the shape webhooks receive.",
    response_model=EventList,
)
async def list_events(
    principal: EventsRead, params: Annotated[EventFilters, Query()], tx: Tx
) -> Response:
    page = await service.list_events(tx, principal.tenant, params, page_request("events", params))
    return json_answer(page)


@router.get(
    "/events/{event_id}",
    operation_id="events.retrieve",
    summary="Retrieve an event",
    responses=error_responses(404),
    response_model=Event,
)
async def get_event(principal: EventsRead, event_id: str, tx: Tx) -> Response:
    return json_answer(await service.get_event(tx, principal.tenant, event_id))


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
)
async def replay_event(
    principal: EventsWrite,
    _: Idempotent,
    event_id: str,
    tx: Tx,
    body: EventReplay | None = None,
) -> ReplayedDeliveries:
    endpoint_id = body.endpoint_id if body is not None else None
    deliveries = await service.replay_event(tx, principal.tenant, event_id, endpoint_id)
    return ReplayedDeliveries(data=deliveries)


@router.get(
    "/event-types",
    operation_id="event_types.list",
    summary="List event types",
    description="The event catalogue: every type, when it is emitted and the schema of its "
    "`data`. The same for every workspace.",
)
async def list_event_types(_: EventsRead) -> EventTypeList:
    return EventTypeList(data=service.event_types())
