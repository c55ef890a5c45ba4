"""`/v1/events` (the event log) and `/v1/event-types` (the catalogue).

Replaying an event to webhooks (`POST /v1/events/{id}/replay`) is the webhooks'
business: `pulse.webhooks.deliveries.routes`.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from pulse.events import service
from pulse.events.schemas import Event, EventFilters, EventList, EventTypeList
from pulse.kit.auth import require_scope
from pulse.kit.database import Db
from pulse.kit.openapi import error_responses
from pulse.kit.pagination import page_request
from pulse.kit.principals import Principal
from pulse.kit.rendering import json_answer
from pulse.kit.routing import ApiRoute

EventsRead = Annotated[Principal, Depends(require_scope("read:events"))]

router = APIRouter(prefix="/v1", tags=["Events"], route_class=ApiRoute)
catalogue_router = APIRouter(prefix="/v1", tags=["Events"], route_class=ApiRoute)


@router.get(
    "/events",
    operation_id="events.list",
    summary="List events",
    description="Every change the workspace recorded, each in the shape webhooks receive.",
    response_model=EventList,
)
async def list_events(
    principal: EventsRead, params: Annotated[EventFilters, Query()], db: Db
) -> Response:
    page = await service.list_events(db, principal.tenant, params, page_request("events", params))
    return json_answer(page)


@router.get(
    "/events/{event_id}",
    operation_id="events.retrieve",
    summary="Retrieve an event",
    responses=error_responses(404),
    response_model=Event,
)
async def get_event(principal: EventsRead, event_id: str, db: Db) -> Response:
    return json_answer(await service.get_event(db, principal.tenant, event_id))


@catalogue_router.get(
    "/event-types",
    operation_id="event_types.list",
    summary="List event types",
    description="The event catalogue: every type, when it is emitted and the schema of its "
    "`data`. The same for every workspace.",
    response_model=EventTypeList,
)
async def list_event_types(_: EventsRead) -> Response:
    return json_answer({"data": service.event_types()})
