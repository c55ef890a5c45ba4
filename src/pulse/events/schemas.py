"""Events on the wire, shown exactly as webhooks receive them, and the event catalogue."""

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field, WithJsonSchema

from pulse.events.catalogue import EVENT_TYPES
from pulse.kit.pagination import ListParams, Page
from pulse.kit.schemas import Moment, Timestamp


def _known_type(name: str) -> str:
    if name not in EVENT_TYPES:
        raise ValueError(f"{name!r} is not an event type; GET /v1/event-types lists them")
    return name


# The document lists the types themselves, so SDKs can offer them as an enum.
EventTypeName = Annotated[
    str,
    AfterValidator(_known_type),
    WithJsonSchema({"type": "string", "enum": list(EVENT_TYPES)}),
]


class Event(BaseModel):
    """`{"id", "type", "created_at", "data"}`: the very document POSTed to endpoints."""

    id: str = Field(examples=["evt_01HR3V6Q9X1M2N3P4Q5R6S7T8X"])
    type: str = Field(
        description="What happened: one of the catalogue's types (`GET /v1/event-types`).",
        examples=["employee.created"],
    )
    created_at: Timestamp
    data: dict[str, Any] = Field(
        description="The full resource after the change; its schema is the one the "
        "catalogue names for this type."
    )


class EventList(Page[Event]):
    pass


class EventFilters(ListParams):
    type: EventTypeName | None = Field(None, description="Only events of this type.")
    created_from: Moment | None = Field(
        None, description="Events created at or after this time (RFC 3339, with an offset)."
    )
    created_to: Moment | None = Field(
        None, description="Events created at or before this time (RFC 3339, with an offset)."
    )
    delivery_failed: bool | None = Field(
        None,
        description="`true`: only events with at least one failed webhook delivery; "
        "`false`: only events without any.",
    )


class EventType(BaseModel):
    type: str = Field(examples=["employee.created"])
    description: str = Field(description="When an event of this type is emitted.")
    resource_schema: str = Field(
        alias="schema",
        description="The OpenAPI component (`#/components/schemas/<name>`) of the event's `data`.",
        examples=["Employee"],
    )


class EventTypeList(BaseModel):
    data: list[EventType] = Field(description="Every event type the API emits.")
