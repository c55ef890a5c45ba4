"""Webhook endpoints, their secrets and deliveries: `pulse.webhook_endpoints`."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from ..._base_client import RequestOptions, compact, model_parser, path_param, string_list
from ..._resource import AsyncAPIResource
from ..._response import async_to_raw_response_wrapper
from ..._types import NOT_GIVEN, Body, Headers, NotGiven, Query, Timeout
from ...types.delivery import Delivery, DeliveryStatus
from ...types.webhook_endpoint import (
    DeletedWebhookEndpoint,
    WebhookEndpoint,
    WebhookEndpointWithSecret,
    WebhookEventType,
)
from .._pagination import AsyncPaginator

__all__ = [
    "AsyncWebhookEndpoints",
    "AsyncWebhookEndpointsWithRawResponse",
]


class AsyncWebhookEndpoints(AsyncAPIResource):
    """Where events are delivered (`/v1/webhook-endpoints`), their secrets and deliveries."""

    @cached_property
    def with_raw_response(self) -> AsyncWebhookEndpointsWithRawResponse:
        """The same methods, answering the raw `APIResponse` (headers, rate limits)."""
        return AsyncWebhookEndpointsWithRawResponse(self)

    def list(
        self,
        *,
        limit: int | NotGiven | None = NOT_GIVEN,
        cursor: str | NotGiven | None = NOT_GIVEN,
        enabled: bool | NotGiven | None = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[WebhookEndpoint]:
        """List webhook endpoints, ordered by id; iterate the page to walk every page.

        Args:
            limit: page size, 1 to 200 (default 50).
            cursor: the `next_cursor` of the previous page.
            enabled: only enabled (or only disabled) endpoints.
        """
        return self._client.get_page(
            RequestOptions(
                "GET",
                "/webhook-endpoints",
                params=compact({"limit": limit, "cursor": cursor, "enabled": enabled}),
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            WebhookEndpoint,
        )

    async def create(
        self,
        *,
        url: str,
        events: Sequence[WebhookEventType],
        description: str | NotGiven | None = NOT_GIVEN,
        enabled: bool | NotGiven = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> WebhookEndpointWithSecret:
        """Create a webhook endpoint. The answer carries its signing `secret` (`whsec_…`),
        shown only now and when rolled: keep it for `pulsehr.webhooks.verify`.

        Args:
            url: where events are POSTed (https in live mode).
            events: the event types to receive, or `["*"]` for every type.
            description: a note for people (up to 500 characters).
            enabled: disabled endpoints receive nothing (default true).
            idempotency_key: sent as `Idempotency-Key`; a uuid4 when omitted.
        """
        return await self._client.request(
            RequestOptions(
                "POST",
                "/webhook-endpoints",
                body=compact(
                    {
                        "url": url,
                        "events": string_list("events", events),
                        "description": description,
                        "enabled": enabled,
                    }
                ),
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            model_parser(WebhookEndpointWithSecret),
        )

    async def retrieve(
        self,
        endpoint_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> WebhookEndpoint:
        """Get one webhook endpoint by id."""
        return await self._client.request(
            RequestOptions(
                "GET",
                f"/webhook-endpoints/{path_param('endpoint_id', endpoint_id)}",
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(WebhookEndpoint),
        )

    async def update(
        self,
        endpoint_id: str,
        *,
        url: str | NotGiven = NOT_GIVEN,
        events: Sequence[WebhookEventType] | NotGiven = NOT_GIVEN,
        description: str | NotGiven | None = NOT_GIVEN,
        enabled: bool | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> WebhookEndpoint:
        """Change a webhook endpoint: only the arguments you pass are sent; `description=None`
        clears the description.

        Args:
            enabled: enabling an endpoint again clears its `disabled_reason`.
        """
        return await self._client.request(
            RequestOptions(
                "PATCH",
                f"/webhook-endpoints/{path_param('endpoint_id', endpoint_id)}",
                body=compact(
                    {
                        "url": url,
                        "events": string_list("events", events),
                        "description": description,
                        "enabled": enabled,
                    }
                ),
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            model_parser(WebhookEndpoint),
        )

    async def delete(
        self,
        endpoint_id: str,
        *,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> DeletedWebhookEndpoint:
        """Delete a webhook endpoint with its deliveries (the events stay)."""
        return await self._client.request(
            RequestOptions(
                "DELETE",
                f"/webhook-endpoints/{path_param('endpoint_id', endpoint_id)}",
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(DeletedWebhookEndpoint),
        )

    async def roll_secret(
        self,
        endpoint_id: str,
        *,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> WebhookEndpointWithSecret:
        """Give the endpoint a new signing secret. The previous one keeps signing beside it
        for 24 hours (two `v1=` in `X-Pulse-Signature`), so receivers can switch over."""
        return await self._client.request(
            RequestOptions(
                "POST",
                f"/webhook-endpoints/{path_param('endpoint_id', endpoint_id)}/roll-secret",
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(WebhookEndpointWithSecret),
        )

    async def send_test(
        self,
        endpoint_id: str,
        *,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Delivery:
        """Send a `webhook_endpoint.test` event to this endpoint only; answers the delivery."""
        return await self._client.request(
            RequestOptions(
                "POST",
                f"/webhook-endpoints/{path_param('endpoint_id', endpoint_id)}/test",
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(Delivery),
        )

    def list_deliveries(
        self,
        endpoint_id: str,
        *,
        limit: int | NotGiven | None = NOT_GIVEN,
        cursor: str | NotGiven | None = NOT_GIVEN,
        status: DeliveryStatus | NotGiven | None = NOT_GIVEN,
        event_id: str | NotGiven | None = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[Delivery]:
        """List an endpoint's deliveries, each with every attempt; iterate to walk every page.

        Args:
            limit: page size, 1 to 200 (default 50).
            cursor: the `next_cursor` of the previous page.
            status: `pending`, `succeeded` or `failed`.
            event_id: the deliveries of one event.
        """
        return self._client.get_page(
            RequestOptions(
                "GET",
                f"/webhook-endpoints/{path_param('endpoint_id', endpoint_id)}/deliveries",
                params=compact(
                    {"limit": limit, "cursor": cursor, "status": status, "event_id": event_id}
                ),
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            Delivery,
        )


class AsyncWebhookEndpointsWithRawResponse:
    """`AsyncWebhookEndpoints`'s methods, each answering an `APIResponse` (its `parse()` gives
    what the method itself answers)."""

    def __init__(self, resource: AsyncWebhookEndpoints) -> None:
        self.list = async_to_raw_response_wrapper(resource.list)
        self.create = async_to_raw_response_wrapper(resource.create)
        self.retrieve = async_to_raw_response_wrapper(resource.retrieve)
        self.update = async_to_raw_response_wrapper(resource.update)
        self.delete = async_to_raw_response_wrapper(resource.delete)
        self.roll_secret = async_to_raw_response_wrapper(resource.roll_secret)
        self.send_test = async_to_raw_response_wrapper(resource.send_test)
        self.list_deliveries = async_to_raw_response_wrapper(resource.list_deliveries)
