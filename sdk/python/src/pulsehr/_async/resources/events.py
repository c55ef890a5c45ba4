"""The event log: `pulse.events`."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from ..._base_client import RequestOptions, compact, model_parser, path_param
from ..._resource import AsyncAPIResource
from ..._response import async_to_raw_response_wrapper
from ..._types import NOT_GIVEN, Body, Headers, NotGiven, Query, Timeout
from ...types.event import Event, ReplayedDeliveries
from ...types.event_type import EventTypeName
from .._pagination import AsyncPaginator

__all__ = [
    "AsyncEvents",
    "AsyncEventsWithRawResponse",
]


class AsyncEvents(AsyncAPIResource):
    """The event log (`/v1/events`): every change, in the shape webhooks receive it."""

    @cached_property
    def with_raw_response(self) -> AsyncEventsWithRawResponse:
        """The same methods, answering the raw `APIResponse` (headers, rate limits)."""
        return AsyncEventsWithRawResponse(self)

    def list(
        self,
        *,
        limit: int | NotGiven | None = NOT_GIVEN,
        cursor: str | NotGiven | None = NOT_GIVEN,
        type: EventTypeName | NotGiven | None = NOT_GIVEN,
        created_from: dt.datetime | str | NotGiven | None = NOT_GIVEN,
        created_to: dt.datetime | str | NotGiven | None = NOT_GIVEN,
        delivery_failed: bool | NotGiven | None = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[Event]:
        """List events, ordered by id; iterate the page to walk every page.

        Args:
            limit: page size, 1 to 200 (default 50).
            cursor: the `next_cursor` of the previous page.
            type: only events of this type, e.g. `leave.logged`.
            created_from: events created at or after this time (timezone-aware).
            created_to: events created at or before this time (timezone-aware).
            delivery_failed: `True`: only events with a failed delivery; `False`: none.
        """
        return self._client.get_page(
            RequestOptions(
                "GET",
                "/events",
                params=compact(
                    {
                        "limit": limit,
                        "cursor": cursor,
                        "type": type,
                        "created_from": created_from,
                        "created_to": created_to,
                        "delivery_failed": delivery_failed,
                    }
                ),
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            Event,
        )

    async def retrieve(
        self,
        event_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Event:
        """Get one event by id."""
        return await self._client.request(
            RequestOptions(
                "GET",
                f"/events/{path_param('event_id', event_id)}",
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(Event),
        )

    async def replay(
        self,
        event_id: str,
        *,
        endpoint_id: str | NotGiven | None = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> ReplayedDeliveries:
        """Deliver an event again (same id, so receivers dedupe).

        Args:
            endpoint_id: to this endpoint only, even if it does not subscribe to the type;
                when omitted, to every enabled endpoint subscribed to the type or to `*`.
            idempotency_key: sent as `Idempotency-Key`; a uuid4 when omitted.
        """
        body = compact({"endpoint_id": endpoint_id})
        return await self._client.request(
            RequestOptions(
                "POST",
                f"/events/{path_param('event_id', event_id)}/replay",
                body=body if body else NOT_GIVEN,
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            model_parser(ReplayedDeliveries),
        )


class AsyncEventsWithRawResponse:
    """`AsyncEvents`'s methods, each answering an `APIResponse` (its `parse()` gives
    what the method itself answers)."""

    def __init__(self, resource: AsyncEvents) -> None:
        self.list = async_to_raw_response_wrapper(resource.list)
        self.retrieve = async_to_raw_response_wrapper(resource.retrieve)
        self.replay = async_to_raw_response_wrapper(resource.replay)
