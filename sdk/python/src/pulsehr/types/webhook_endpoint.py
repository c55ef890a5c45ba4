from __future__ import annotations

from datetime import datetime
from typing import Literal, TypeAlias

from .._models import BaseModel

__all__ = [
    "DeletedWebhookEndpoint",
    "WebhookEndpoint",
    "WebhookEndpointWithSecret",
    "WebhookEventType",
]

WebhookEventType: TypeAlias = Literal[
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
    "*",
]
"""What an endpoint may subscribe to: a type of the catalogue, or `*` for every type."""


class WebhookEndpoint(BaseModel):
    """A URL that receives signed events."""

    id: str
    """`we_…`"""
    url: str
    description: str | None
    events: list[str]
    """The event types it receives, or `["*"]` for every type."""
    enabled: bool
    disabled_reason: str | None
    """Why Pulse disabled the endpoint (say, its receiver answered 410 Gone)."""
    created_at: datetime
    updated_at: datetime


class WebhookEndpointWithSecret(WebhookEndpoint):
    """The endpoint with its signing secret: the answer of creating it and of rolling it."""

    secret: str
    """The signing secret (`whsec_…`) for `pulsehr.webhooks.verify`. Shown only here."""


class DeletedWebhookEndpoint(WebhookEndpoint):
    """The endpoint as it was before it was deleted."""

    deleted: Literal[True]
