"""The event catalogue: `pulse.event_types`."""

from __future__ import annotations

from functools import cached_property

from ..._base_client import RequestOptions, model_parser
from ..._resource import AsyncAPIResource
from ..._response import async_to_raw_response_wrapper
from ..._types import NOT_GIVEN, Headers, NotGiven, Query, Timeout
from ...types.event_type import EventTypeList

__all__ = [
    "AsyncEventTypes",
    "AsyncEventTypesWithRawResponse",
]


class AsyncEventTypes(AsyncAPIResource):
    """The event catalogue (`/v1/event-types`)."""

    @cached_property
    def with_raw_response(self) -> AsyncEventTypesWithRawResponse:
        """The same methods, answering the raw `APIResponse` (headers, rate limits)."""
        return AsyncEventTypesWithRawResponse(self)

    async def list(
        self,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> EventTypeList:
        """Every event type the API emits, with the model of its `data` (not paginated)."""
        return await self._client.request(
            RequestOptions(
                "GET",
                "/event-types",
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(EventTypeList),
        )


class AsyncEventTypesWithRawResponse:
    """`AsyncEventTypes`'s methods, each answering an `APIResponse` (its `parse()` gives
    what the method itself answers)."""

    def __init__(self, resource: AsyncEventTypes) -> None:
        self.list = async_to_raw_response_wrapper(resource.list)
