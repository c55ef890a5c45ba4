"""Deliveries on the wire: one event sent to one endpoint, with every attempt."""

from enum import StrEnum

from pydantic import BaseModel, Field

from pulse.kit.pagination import ListParams, Page
from pulse.kit.schemas import RequestModel, ResourceId, Timestamp


class DeliveryStatus(StrEnum):
    pending = "pending"
    succeeded = "succeeded"
    failed = "failed"


class DeliveryAttempt(BaseModel):
    id: str
    attempted_at: Timestamp
    status_code: int | None = Field(description="The receiver's HTTP status; null without one.")
    latency_ms: int
    error: str | None = Field(description="Why the attempt failed (timeout, refused, status).")
    response_body: str | None = Field(description="The first 2 KiB of the receiver's answer.")


class Delivery(BaseModel):
    id: str = Field(examples=["del_01HR3V6Q9X1M2N3P4Q5R6S7T8X"])
    endpoint_id: str
    event_id: str
    event_type: str
    status: DeliveryStatus
    attempt_count: int
    next_attempt_at: Timestamp | None = Field(description="When the next attempt is due.")
    created_at: Timestamp
    completed_at: Timestamp | None
    last_error: str | None
    attempts: list[DeliveryAttempt] = Field(description="Every attempt, oldest first.")


class DeliveryList(Page[Delivery]):
    pass


class DeliveryFilters(ListParams):
    status: DeliveryStatus | None = None
    event_id: str | None = Field(None, max_length=40)


class EventReplay(RequestModel):
    endpoint_id: ResourceId | None = Field(
        None,
        description="Deliver to this endpoint only, even if it is not subscribed to the "
        "event's type. Omit it to deliver to every enabled endpoint subscribed to the type.",
        examples=["we_01HR3V6Q9X1M2N3P4Q5R6S7T8X"],
    )


class ReplayedDeliveries(BaseModel):
    data: list[Delivery] = Field(
        description="The new deliveries, one per endpoint, pending; the event keeps its id."
    )
