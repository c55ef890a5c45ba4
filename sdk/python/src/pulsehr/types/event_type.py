from __future__ import annotations

from typing import Literal, TypeAlias

from pydantic import Field

from .._models import BaseModel

__all__ = ["EventType", "EventTypeList", "EventTypeName"]

EventTypeName: TypeAlias = Literal[
    "employee.created",
    "employee.updated",
    "employee.offboarded",
    "employee.erased",
    "status_log.posted",
    "kudos.awarded",
    "workload.recorded",
    "leave.logged",
    "leave.requested",
    "leave.approved",
    "leave.declined",
    "leave.cancelled",
    "webhook_endpoint.test",
]
"""Every type of event the API emits."""


class EventType(BaseModel):
    """An entry of the event catalogue."""

    type: str
    description: str
    """When an event of this type is emitted."""
    schema_: str = Field(alias="schema")
    """The model of the event's `data` (the OpenAPI component name, e.g. `Employee`)."""


class EventTypeList(BaseModel):
    """The whole event catalogue."""

    data: list[EventType]
