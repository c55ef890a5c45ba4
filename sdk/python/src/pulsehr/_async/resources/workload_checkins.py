"""Weekly workload check-ins: `pulse.workload_checkins`."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from ..._base_client import RequestOptions, compact, model_parser, path_param
from ..._resource import AsyncAPIResource
from ..._response import async_to_raw_response_wrapper
from ..._types import NOT_GIVEN, Body, Headers, NotGiven, Query, Timeout
from ...types.workload_checkin import WorkloadCheckin, WorkloadLevel
from .._pagination import AsyncPaginator

__all__ = [
    "AsyncWorkloadCheckins",
    "AsyncWorkloadCheckinsWithRawResponse",
]


class AsyncWorkloadCheckins(AsyncAPIResource):
    """Weekly self-reported load (`/v1/workload-checkins`): one per employee per week."""

    @cached_property
    def with_raw_response(self) -> AsyncWorkloadCheckinsWithRawResponse:
        """The same methods, answering the raw `APIResponse` (headers, rate limits)."""
        return AsyncWorkloadCheckinsWithRawResponse(self)

    def list(
        self,
        *,
        limit: int | NotGiven | None = NOT_GIVEN,
        cursor: str | NotGiven | None = NOT_GIVEN,
        employee_id: str | NotGiven | None = NOT_GIVEN,
        level: WorkloadLevel | NotGiven | None = NOT_GIVEN,
        week_from: dt.date | str | NotGiven | None = NOT_GIVEN,
        week_to: dt.date | str | NotGiven | None = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[WorkloadCheckin]:
        """List workload check-ins, ordered by id; iterate the page to walk every page.

        Args:
            limit: page size, 1 to 200 (default 50).
            cursor: the `next_cursor` of the previous page.
            employee_id: one employee's check-ins.
            level: `light`, `balanced`, `heavy` or `overloaded`.
            week_from: check-ins whose week starts on or after this day.
            week_to: check-ins whose week starts on or before this day.
        """
        return self._client.get_page(
            RequestOptions(
                "GET",
                "/workload-checkins",
                params=compact(
                    {
                        "limit": limit,
                        "cursor": cursor,
                        "employee_id": employee_id,
                        "level": level,
                        "week_from": week_from,
                        "week_to": week_to,
                    }
                ),
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            WorkloadCheckin,
        )

    async def create(
        self,
        *,
        level: WorkloadLevel,
        employee_id: str | NotGiven | None = NOT_GIVEN,
        week_start: dt.date | str | NotGiven | None = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> WorkloadCheckin:
        """Record a weekly check-in (event `workload.recorded`).

        Args:
            level: `light`, `balanced`, `heavy` or `overloaded`.
            employee_id: whose check-in this is. A personal key may omit it (its own
                employee); an integration key must name it.
            week_start: the Monday of the week reported on; this week's when omitted.
            idempotency_key: sent as `Idempotency-Key`; a uuid4 when omitted.
        """
        return await self._client.request(
            RequestOptions(
                "POST",
                "/workload-checkins",
                body=compact(
                    {"level": level, "employee_id": employee_id, "week_start": week_start}
                ),
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            model_parser(WorkloadCheckin),
        )

    async def retrieve(
        self,
        checkin_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> WorkloadCheckin:
        """Get one workload check-in by id."""
        return await self._client.request(
            RequestOptions(
                "GET",
                f"/workload-checkins/{path_param('checkin_id', checkin_id)}",
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(WorkloadCheckin),
        )


class AsyncWorkloadCheckinsWithRawResponse:
    """`AsyncWorkloadCheckins`'s methods, each answering an `APIResponse` (its `parse()` gives
    what the method itself answers)."""

    def __init__(self, resource: AsyncWorkloadCheckins) -> None:
        self.list = async_to_raw_response_wrapper(resource.list)
        self.create = async_to_raw_response_wrapper(resource.create)
        self.retrieve = async_to_raw_response_wrapper(resource.retrieve)
