"""The leave journal and balances: `pulse.leave`."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from ..._base_client import RequestOptions, compact, model_parser, path_param
from ..._resource import AsyncAPIResource
from ..._response import async_to_raw_response_wrapper
from ..._types import NOT_GIVEN, Body, Headers, NotGiven, Query, Timeout
from ...types.leave import Leave, LeaveKind, LeaveStatus
from ...types.leave_balance import LeaveBalance
from .._pagination import AsyncPaginator

__all__ = [
    "AsyncLeaveResource",
    "AsyncLeaveResourceWithRawResponse",
]


class AsyncLeaveResource(AsyncAPIResource):
    """The personal leave journal (`/v1/leave`) and yearly balances."""

    @cached_property
    def with_raw_response(self) -> AsyncLeaveResourceWithRawResponse:
        """The same methods, answering the raw `APIResponse` (headers, rate limits)."""
        return AsyncLeaveResourceWithRawResponse(self)

    def list(
        self,
        *,
        limit: int | NotGiven | None = NOT_GIVEN,
        cursor: str | NotGiven | None = NOT_GIVEN,
        employee_id: str | NotGiven | None = NOT_GIVEN,
        kind: LeaveKind | NotGiven | None = NOT_GIVEN,
        status: LeaveStatus | NotGiven | None = NOT_GIVEN,
        from_: dt.date | str | NotGiven | None = NOT_GIVEN,
        to: dt.date | str | NotGiven | None = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[Leave]:
        """List leave, ordered by id; iterate the page to walk every page.

        Args:
            limit: page size, 1 to 200 (default 50).
            cursor: the `next_cursor` of the previous page.
            employee_id: one employee's leave.
            kind: `vacation`, `sick`, `personal`, `parental`, `unpaid` or `other`.
            status: `logged`, `requested`, `approved`, `declined` or `cancelled`.
            from_: leave that ends on or after this day (the `from` parameter).
            to: leave that starts on or before this day.
        """
        return self._client.get_page(
            RequestOptions(
                "GET",
                "/leave",
                params=compact(
                    {
                        "limit": limit,
                        "cursor": cursor,
                        "employee_id": employee_id,
                        "kind": kind,
                        "status": status,
                        "from": from_,
                        "to": to,
                    }
                ),
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            Leave,
        )

    async def create(
        self,
        *,
        kind: LeaveKind,
        start_date: dt.date | str,
        end_date: dt.date | str,
        employee_id: str | NotGiven | None = NOT_GIVEN,
        days: float | NotGiven | None = NOT_GIVEN,
        note: str | NotGiven | None = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Leave:
        """Log leave (event `leave.logged`), or, in a workspace where managers approve leave,
        request it (`status: "requested"`, event `leave.requested`).

        Args:
            kind: `vacation`, `sick`, `personal`, `parental`, `unpaid` or `other`.
            start_date: the first day off.
            end_date: the last day off (inclusive); may equal `start_date`.
            employee_id: whose leave this is. A personal key may omit it (its own employee);
                an integration key must name it.
            days: working days taken, in half days; every working day of the range (Monday to
                Friday minus the public holidays of the employee's country) when omitted.
            note: up to 500 characters.
            idempotency_key: sent as `Idempotency-Key`; a uuid4 when omitted.
        """
        return await self._client.request(
            RequestOptions(
                "POST",
                "/leave",
                body=compact(
                    {
                        "kind": kind,
                        "start_date": start_date,
                        "end_date": end_date,
                        "employee_id": employee_id,
                        "days": days,
                        "note": note,
                    }
                ),
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            model_parser(Leave),
        )

    async def retrieve(
        self,
        leave_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Leave:
        """Get one leave by id."""
        return await self._client.request(
            RequestOptions(
                "GET",
                f"/leave/{path_param('leave_id', leave_id)}",
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(Leave),
        )

    async def cancel(
        self,
        leave_id: str,
        *,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Leave:
        """Cancel leave (`DELETE`, event `leave.cancelled`): it stays in the journal with
        `status: "cancelled"`; cancelling again answers it unchanged."""
        return await self._client.request(
            RequestOptions(
                "DELETE",
                f"/leave/{path_param('leave_id', leave_id)}",
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(Leave),
        )

    async def approve(
        self,
        leave_id: str,
        *,
        note: str | NotGiven | None = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Leave:
        """Approve requested leave (event `leave.approved`): the employee's manager with a
        personal key, or an integration key. Leave already decided is a `ConflictError`.

        Args:
            note: the decision's note (up to 500 characters), kept as `decision_note`.
            idempotency_key: sent as `Idempotency-Key`; a uuid4 when omitted.
        """
        return await self._decide(
            leave_id,
            "approve",
            note,
            idempotency_key,
            extra_headers,
            extra_query,
            extra_body,
            timeout,
        )

    async def decline(
        self,
        leave_id: str,
        *,
        note: str | NotGiven | None = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Leave:
        """Decline requested leave (event `leave.declined`): who may, as for `approve`.

        Args:
            note: the decision's note (up to 500 characters), kept as `decision_note`.
            idempotency_key: sent as `Idempotency-Key`; a uuid4 when omitted.
        """
        return await self._decide(
            leave_id,
            "decline",
            note,
            idempotency_key,
            extra_headers,
            extra_query,
            extra_body,
            timeout,
        )

    async def _decide(
        self,
        leave_id: str,
        decision: str,
        note: str | NotGiven | None,
        idempotency_key: str | NotGiven,
        extra_headers: Headers | None,
        extra_query: Query | None,
        extra_body: Body | None,
        timeout: Timeout | NotGiven,
    ) -> Leave:
        body = compact({"note": note})
        return await self._client.request(
            RequestOptions(
                "POST",
                f"/leave/{path_param('leave_id', leave_id)}/{decision}",
                body=body if body else NOT_GIVEN,
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            model_parser(Leave),
        )

    async def balance(
        self,
        employee_id: str,
        *,
        year: int | NotGiven | None = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> LeaveBalance:
        """An employee's leave balance for a calendar year: per kind, the allowance, the days
        taken and planned, and what remains.

        Args:
            year: the calendar year; this one when omitted.
        """
        return await self._client.request(
            RequestOptions(
                "GET",
                f"/leave/balance/{path_param('employee_id', employee_id)}",
                params=compact({"year": year}),
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(LeaveBalance),
        )


class AsyncLeaveResourceWithRawResponse:
    """`AsyncLeaveResource`'s methods, each answering an `APIResponse` (its `parse()` gives
    what the method itself answers)."""

    def __init__(self, resource: AsyncLeaveResource) -> None:
        self.list = async_to_raw_response_wrapper(resource.list)
        self.create = async_to_raw_response_wrapper(resource.create)
        self.retrieve = async_to_raw_response_wrapper(resource.retrieve)
        self.cancel = async_to_raw_response_wrapper(resource.cancel)
        self.approve = async_to_raw_response_wrapper(resource.approve)
        self.decline = async_to_raw_response_wrapper(resource.decline)
        self.balance = async_to_raw_response_wrapper(resource.balance)
