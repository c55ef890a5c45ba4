"""`/developers/events`: the event log (the API's list, filters and cursor), each event's
payload and deliveries, and replays."""

import json
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from pulse.console.access import Changer, CurrentMember
from pulse.console.refusals import refusal
from pulse.console.replays import replay_event
from pulse.console.web import PREFIX, ConsoleRoute, page, posted_form, see_other
from pulse.console.webhooks import all_endpoints
from pulse.core.errors import InvalidRequest
from pulse.events import service as events
from pulse.events.catalogue import EVENT_TYPES
from pulse.events.schemas import EventFilters
from pulse.kit.database import Db, Tx
from pulse.kit.pagination import page_request
from pulse.webhooks.deliveries import service as deliveries

router = APIRouter(prefix=PREFIX, route_class=ConsoleRoute, include_in_schema=False)

EVENTS = f"{PREFIX}/events"
PAGE_SIZE = 50
# The filters of the page's form: the API's, but whole days and a "failed only" box.
FILTERS = ("type", "created_from", "created_to", "failed")


def _moment(day: str, time: str) -> str | None:
    """A form's day (YYYY-MM-DD, UTC) at `time`, in the API's RFC 3339; None for no day."""
    return f"{day}T{time}Z" if day else None


def _filters(chosen: dict[str, str], cursor: str | None) -> EventFilters:
    """The API's filters for the form's: whole days, both ends included."""
    return EventFilters.model_validate(
        {
            "type": chosen["type"] or None,
            "created_from": _moment(chosen["created_from"], "00:00:00"),
            "created_to": _moment(chosen["created_to"], "23:59:59.999999"),
            "delivery_failed": True if chosen["failed"] else None,
            "limit": PAGE_SIZE,
            "cursor": cursor or None,
        }
    )


@router.get("/events")
async def event_log(request: Request, member: CurrentMember, db: Db) -> Response:
    query = request.query_params
    chosen = {name: query.get(name, "").strip() for name in FILTERS}
    # The links to other pages keep the filters (a cursor holds only for its filters).
    kept = {name: value for name, value in chosen.items() if value}
    listed: dict[str, Any] = {"data": [], "next_cursor": None, "total_count": 0}
    status_code, error = 200, None
    try:
        params = _filters(chosen, query.get("cursor"))
        listed = await events.list_events(db, member.tenant, params, page_request("events", params))
    except (ValidationError, InvalidRequest) as exc:
        # Filters the API would refuse, or a cursor made for others: the page says why.
        status_code, error = refusal(exc)
    cursor = listed["next_cursor"]
    return page(
        "events.html",
        member,
        "events",
        EVENTS,
        status_code=status_code,
        events=listed["data"],
        total=listed["total_count"],
        next_page=f"{EVENTS}?{urlencode({**kept, 'cursor': cursor})}" if cursor else None,
        first_page=f"{EVENTS}?{urlencode(kept)}" if query.get("cursor") else None,
        chosen=chosen,
        event_types=list(EVENT_TYPES),
        error=error,
    )


def _changes(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Each field an employee change touched, its value before and after, as JSON text
    (read off `previous_attributes`; none for other events)."""
    previous = data.get("previous_attributes")
    if not isinstance(previous, dict):
        return []

    def shown(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    return [(name, shown(value), shown(data.get(name))) for name, value in previous.items()]


@router.get("/events/{event_id}")
async def show_event(member: CurrentMember, event_id: str, db: Db) -> Response:
    event = await events.get_event(db, member.tenant, event_id)
    return page(
        "event.html",
        member,
        "events",
        # An event belongs to one environment: the toggle leads to the other's log.
        EVENTS,
        event=event,
        payload=json.dumps(event["data"], indent=2, ensure_ascii=False),
        changes=_changes(event["data"]),
        deliveries=await deliveries.deliveries_of_event(db, member.tenant, event_id),
        endpoints=await all_endpoints(db, member),
        can_change=member.can_change,
    )


@router.post("/events/{event_id}/replay")
async def replay(request: Request, member: Changer, event_id: str, tx: Tx) -> Response:
    """To the endpoint chosen, or with none chosen to every subscribed endpoint."""
    endpoint_id = (await posted_form(request)).get("endpoint_id", "") or None
    await replay_event(tx, request, member, event_id, endpoint_id)
    return see_other(f"{EVENTS}/{event_id}")
