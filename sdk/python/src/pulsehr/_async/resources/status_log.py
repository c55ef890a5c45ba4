"""The async stand-up log: `pulse.status_log`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cached_property

from ..._base_client import RequestOptions, compact, model_parser, path_param, string_list
from ..._resource import AsyncAPIResource
from ..._response import async_to_raw_response_wrapper
from ..._types import NOT_GIVEN, Body, Headers, NotGiven, Query, Timeout
from ...types.status_log_entry import StatusLogEntry
from .._pagination import AsyncPaginator

__all__ = [
    "AsyncStatusLog",
    "AsyncStatusLogWithRawResponse",
]


class AsyncStatusLog(AsyncAPIResource):
    """The async stand-up log (`/v1/status-log`): one entry per employee per day."""

    @cached_property
    def with_raw_response(self) -> AsyncStatusLogWithRawResponse:
        """The same methods, answering the raw `APIResponse` (headers, rate limits)."""
        return AsyncStatusLogWithRawResponse(self)

    def list(
        self,
        *,
        limit: int | NotGiven | None = NOT_GIVEN,
        cursor: str | NotGiven | None = NOT_GIVEN,
        employee_id: str | NotGiven | None = NOT_GIVEN,
        date_from: dt.date | str | NotGiven | None = NOT_GIVEN,
        date_to: dt.date | str | NotGiven | None = NOT_GIVEN,
        topic: str | NotGiven | None = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[StatusLogEntry]:
        """List status-log entries, ordered by id; iterate the page to walk every page.

        Args:
            limit: page size, 1 to 200 (default 50).
            cursor: the `next_cursor` of the previous page.
            employee_id: one employee's entries.
            date_from: entries on or after this day.
            date_to: entries on or before this day.
            topic: exact match.
        """
        return self._client.get_page(
            RequestOptions(
                "GET",
                "/status-log",
                params=compact(
                    {
                        "limit": limit,
                        "cursor": cursor,
                        "employee_id": employee_id,
                        "date_from": date_from,
                        "date_to": date_to,
                        "topic": topic,
                    }
                ),
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            StatusLogEntry,
        )

    async def create(
        self,
        *,
        lines: Sequence[str],
        employee_id: str | NotGiven | None = NOT_GIVEN,
        date: dt.date | str | NotGiven | None = NOT_GIVEN,
        topic: str | NotGiven | None = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> StatusLogEntry:
        """Post a status-log entry (event `status_log.posted`).

        Args:
            lines: one to three non-blank lines of at most 280 characters.
            employee_id: whose entry this is. A personal key may omit it (its own employee);
                an integration key must name it.
            date: the day reported on; today (UTC) when omitted.
            topic: up to 80 characters.
            idempotency_key: sent as `Idempotency-Key`; a uuid4 when omitted.
        """
        return await self._client.request(
            RequestOptions(
                "POST",
                "/status-log",
                body=compact(
                    {
                        "lines": string_list("lines", lines),
                        "employee_id": employee_id,
                        "date": date,
                        "topic": topic,
                    }
                ),
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            model_parser(StatusLogEntry),
        )

    async def retrieve(
        self,
        entry_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> StatusLogEntry:
        """Get one status-log entry by id."""
        return await self._client.request(
            RequestOptions(
                "GET",
                f"/status-log/{path_param('entry_id', entry_id)}",
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(StatusLogEntry),
        )


class AsyncStatusLogWithRawResponse:
    """`AsyncStatusLog`'s methods, each answering an `APIResponse` (its `parse()` gives
    what the method itself answers)."""

    def __init__(self, resource: AsyncStatusLog) -> None:
        self.list = async_to_raw_response_wrapper(resource.list)
        self.create = async_to_raw_response_wrapper(resource.create)
        self.retrieve = async_to_raw_response_wrapper(resource.retrieve)
