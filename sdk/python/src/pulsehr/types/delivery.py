from __future__ import annotations

from datetime import datetime
from typing import Literal, TypeAlias

from .._models import BaseModel

__all__ = ["Delivery", "DeliveryAttempt", "DeliveryStatus"]

DeliveryStatus: TypeAlias = Literal["pending", "succeeded", "failed"]


class DeliveryAttempt(BaseModel):
    """One try at delivering an event to an endpoint."""

    id: str
    attempted_at: datetime
    status_code: int | None
    """The receiver's HTTP status; `None` without one."""
    latency_ms: int
    error: str | None
    """Why the attempt failed (timeout, refused, status)."""
    response_body: str | None
    """The first 2 KiB of the receiver's answer."""


class Delivery(BaseModel):
    """An event on its way to one endpoint, with every attempt."""

    id: str
    """`del_…`"""
    endpoint_id: str
    event_id: str
    event_type: str
    status: DeliveryStatus
    attempt_count: int
    next_attempt_at: datetime | None
    created_at: datetime
    completed_at: datetime | None
    last_error: str | None
    attempts: list[DeliveryAttempt]
    """Every attempt, oldest first."""
