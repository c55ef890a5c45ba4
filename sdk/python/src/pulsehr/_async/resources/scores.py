"""The Employee Score, of one employee or of groups: `pulse.scores`."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from ..._base_client import RequestOptions, compact, model_parser, path_param
from ..._resource import AsyncAPIResource
from ..._response import async_to_raw_response_wrapper
from ..._types import NOT_GIVEN, Headers, NotGiven, Query, Timeout
from ...types.score import EmployeeScore, GroupBy, GroupScores

__all__ = [
    "AsyncScores",
    "AsyncScoresWithRawResponse",
]


class AsyncScores(AsyncAPIResource):
    """The Employee Score (`/v1/employees/{id}/score`, `/v1/scores`; scope `read:scores`)."""

    @cached_property
    def with_raw_response(self) -> AsyncScoresWithRawResponse:
        """The same methods, answering the raw `APIResponse` (headers, rate limits)."""
        return AsyncScoresWithRawResponse(self)

    async def retrieve(
        self,
        employee_id: str,
        *,
        as_of: dt.date | str | NotGiven | None = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> EmployeeScore:
        """An employee's score over the 90 days ending on `as_of`: each factor, the score one
        window earlier, and what moved it.

        Args:
            as_of: the last day of the window (UTC); today when omitted, and never later.
        """
        return await self._client.request(
            RequestOptions(
                "GET",
                f"/employees/{path_param('employee_id', employee_id)}/score",
                params=compact({"as_of": as_of}),
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(EmployeeScore),
        )

    async def groups(
        self,
        *,
        group_by: GroupBy,
        as_of: dt.date | str | NotGiven | None = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> GroupScores:
        """The mean scores of groups of employees sharing a `department`, `manager_id` or
        `location`; a group with fewer than 3 scored members is `suppressed`.

        Args:
            group_by: `department`, `manager_id` or `location`.
            as_of: the last day of the window (UTC); today when omitted, and never later.
        """
        return await self._client.request(
            RequestOptions(
                "GET",
                "/scores",
                params=compact({"group_by": group_by, "as_of": as_of}),
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(GroupScores),
        )


class AsyncScoresWithRawResponse:
    """`AsyncScores`'s methods, each answering an `APIResponse` (its `parse()` gives what the
    method itself answers)."""

    def __init__(self, resource: AsyncScores) -> None:
        self.retrieve = async_to_raw_response_wrapper(resource.retrieve)
        self.groups = async_to_raw_response_wrapper(resource.groups)
