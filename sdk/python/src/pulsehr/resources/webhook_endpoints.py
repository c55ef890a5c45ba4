"""Webhook endpoints, their secrets and deliveries: `pulse.webhook_endpoints`.

The async classes are written in pulsehr/_async/resources/, the sync ones generated from them
(pulsehr/_sync/resources/).
"""

from .._async.resources.webhook_endpoints import (
    AsyncWebhookEndpoints,
    AsyncWebhookEndpointsWithRawResponse,
)
from .._sync.resources.webhook_endpoints import WebhookEndpoints, WebhookEndpointsWithRawResponse

__all__ = [
    "AsyncWebhookEndpoints",
    "AsyncWebhookEndpointsWithRawResponse",
    "WebhookEndpoints",
    "WebhookEndpointsWithRawResponse",
]
