"""Active and former people of the workspace: `pulse.employees`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property
from typing import overload

from ..._base_client import (
    RequestOptions,
    compact,
    model_parser,
    path_param,
    status_model_parser,
)
from ..._resource import AsyncAPIResource
from ..._response import async_to_raw_response_wrapper
from ..._types import NOT_GIVEN, Body, Headers, NotGiven, Query, Timeout
from ...types.employee import CustomFieldValue, Employee, EmployeeStatus
from ...types.employee_change import EmployeeChange
from ...types.employee_export import EmployeeExport
from .._pagination import AsyncPaginator

__all__ = [
    "AsyncEmployees",
    "AsyncEmployeesWithRawResponse",
]


class AsyncEmployees(AsyncAPIResource):
    """Active and former people of the workspace (`/v1/employees`)."""

    @cached_property
    def with_raw_response(self) -> AsyncEmployeesWithRawResponse:
        """The same methods, answering the raw `APIResponse` (headers, rate limits)."""
        return AsyncEmployeesWithRawResponse(self)

    def list(
        self,
        *,
        limit: int | NotGiven | None = NOT_GIVEN,
        cursor: str | NotGiven | None = NOT_GIVEN,
        status: EmployeeStatus | NotGiven | None = NOT_GIVEN,
        department: str | NotGiven | None = NOT_GIVEN,
        manager_id: str | NotGiven | None = NOT_GIVEN,
        location: str | NotGiven | None = NOT_GIVEN,
        q: str | NotGiven | None = NOT_GIVEN,
        updated_since: dt.datetime | str | NotGiven | None = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[Employee]:
        """List employees, ordered by id; iterate the page to walk every page.

        Args:
            limit: page size, 1 to 200 (default 50).
            cursor: the `next_cursor` of the previous page.
            status: `active` or `former`.
            department: exact match.
            manager_id: the manager's employee id.
            location: exact match.
            q: name or email contains (any case).
            updated_since: employees changed at or after this time; pass the newest
                `updated_at` you have seen for an incremental sync.
        """
        return self._client.get_page(
            RequestOptions(
                "GET",
                "/employees",
                params=compact(
                    {
                        "limit": limit,
                        "cursor": cursor,
                        "status": status,
                        "department": department,
                        "manager_id": manager_id,
                        "location": location,
                        "q": q,
                        "updated_since": updated_since,
                    }
                ),
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            Employee,
        )

    async def create(
        self,
        *,
        full_name: str,
        start_date: dt.date | str,
        email: str | NotGiven | None = NOT_GIVEN,
        role: str | NotGiven | None = NOT_GIVEN,
        department: str | NotGiven | None = NOT_GIVEN,
        manager_id: str | NotGiven | None = NOT_GIVEN,
        end_date: dt.date | str | NotGiven | None = NOT_GIVEN,
        location: str | NotGiven | None = NOT_GIVEN,
        country: str | NotGiven | None = NOT_GIVEN,
        custom_fields: Mapping[str, CustomFieldValue] | NotGiven = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Employee:
        """Create an employee (event `employee.created`).

        Args:
            full_name: 1 to 200 characters.
            start_date: the first day of employment.
            email: unique in the workspace, whatever its case (409 otherwise).
            manager_id: another employee of the workspace.
            end_date: last day of employment; on or before today makes the employee `former`.
            country: ISO 3166-1 alpha-2 (any case); its public holidays are not working days.
            custom_fields: up to 50 keys (`[a-z0-9_]{1,40}`) with string (≤ 500 characters),
                number, boolean or null values.
            idempotency_key: sent as `Idempotency-Key`; a uuid4 when omitted.
        """
        return await self._client.request(
            RequestOptions(
                "POST",
                "/employees",
                body=compact(
                    {
                        "full_name": full_name,
                        "start_date": start_date,
                        "email": email,
                        "role": role,
                        "department": department,
                        "manager_id": manager_id,
                        "end_date": end_date,
                        "location": location,
                        "country": country,
                        "custom_fields": custom_fields,
                    }
                ),
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            model_parser(Employee),
        )

    async def retrieve(
        self,
        employee_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Employee:
        """Get one employee by id."""
        return await self._client.request(
            RequestOptions(
                "GET",
                f"/employees/{path_param('employee_id', employee_id)}",
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(Employee),
        )

    @overload
    async def update(
        self,
        employee_id: str,
        *,
        full_name: str | NotGiven = ...,
        email: str | NotGiven | None = ...,
        role: str | NotGiven | None = ...,
        department: str | NotGiven | None = ...,
        manager_id: str | NotGiven | None = ...,
        start_date: dt.date | str | NotGiven = ...,
        end_date: dt.date | str | NotGiven | None = ...,
        location: str | NotGiven | None = ...,
        country: str | NotGiven | None = ...,
        custom_fields: Mapping[str, CustomFieldValue] | NotGiven = ...,
        version: int | NotGiven = ...,
        effective_date: NotGiven = ...,
        extra_headers: Headers | None = ...,
        extra_query: Query | None = ...,
        extra_body: Body | None = ...,
        timeout: Timeout | NotGiven = ...,
    ) -> Employee: ...

    @overload
    async def update(
        self,
        employee_id: str,
        *,
        full_name: str | NotGiven = ...,
        email: str | NotGiven | None = ...,
        role: str | NotGiven | None = ...,
        department: str | NotGiven | None = ...,
        manager_id: str | NotGiven | None = ...,
        start_date: dt.date | str | NotGiven = ...,
        end_date: dt.date | str | NotGiven | None = ...,
        location: str | NotGiven | None = ...,
        country: str | NotGiven | None = ...,
        custom_fields: Mapping[str, CustomFieldValue] | NotGiven = ...,
        version: int | NotGiven = ...,
        effective_date: dt.date | str,
        extra_headers: Headers | None = ...,
        extra_query: Query | None = ...,
        extra_body: Body | None = ...,
        timeout: Timeout | NotGiven = ...,
    ) -> Employee | EmployeeChange: ...

    async def update(
        self,
        employee_id: str,
        *,
        full_name: str | NotGiven = NOT_GIVEN,
        email: str | NotGiven | None = NOT_GIVEN,
        role: str | NotGiven | None = NOT_GIVEN,
        department: str | NotGiven | None = NOT_GIVEN,
        manager_id: str | NotGiven | None = NOT_GIVEN,
        start_date: dt.date | str | NotGiven = NOT_GIVEN,
        end_date: dt.date | str | NotGiven | None = NOT_GIVEN,
        location: str | NotGiven | None = NOT_GIVEN,
        country: str | NotGiven | None = NOT_GIVEN,
        custom_fields: Mapping[str, CustomFieldValue] | NotGiven = NOT_GIVEN,
        version: int | NotGiven = NOT_GIVEN,
        effective_date: dt.date | str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Employee | EmployeeChange:
        """Change an employee: only the arguments you pass are sent; `None` clears a field.

        Answers the changed `Employee` when the change applies now, or the scheduled
        `EmployeeChange` (`status="scheduled"`, answer 202) when `effective_date` is a later
        day: tell them apart with `isinstance`. Without `effective_date` it is always an
        `Employee` (and typed so).

        Args:
            end_date: today or earlier offboards the employee (event `employee.offboarded`).
            custom_fields: replaces the whole object.
            version: the version you read; if the employee changed since, the update is
                refused with `ConflictError` (409). Omit it for last-write-wins.
            effective_date: the day (UTC) the change takes effect: a later day schedules it,
                today (or omitted) applies it now, an earlier day is refused (422).
        """
        return await self._client.request(
            RequestOptions(
                "PATCH",
                f"/employees/{path_param('employee_id', employee_id)}",
                body=compact(
                    {
                        "full_name": full_name,
                        "email": email,
                        "role": role,
                        "department": department,
                        "manager_id": manager_id,
                        "start_date": start_date,
                        "end_date": end_date,
                        "location": location,
                        "country": country,
                        "custom_fields": custom_fields,
                        "version": version,
                        "effective_date": effective_date,
                    }
                ),
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            status_model_parser(Employee, 202, EmployeeChange),
        )

    async def offboard(
        self,
        employee_id: str,
        *,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Employee:
        """Offboard an employee (`DELETE`): `end_date` becomes today unless it has already
        come. The record stays, with `status: "former"`."""
        return await self._client.request(
            RequestOptions(
                "DELETE",
                f"/employees/{path_param('employee_id', employee_id)}",
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(Employee),
        )

    def history(
        self,
        employee_id: str,
        *,
        limit: int | NotGiven | None = NOT_GIVEN,
        cursor: str | NotGiven | None = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[EmployeeChange]:
        """An employee's changes, applied and scheduled, ordered by id; iterate the page to
        walk every page.

        Args:
            limit: page size, 1 to 200 (default 50).
            cursor: the `next_cursor` of the previous page.
        """
        return self._client.get_page(
            RequestOptions(
                "GET",
                f"/employees/{path_param('employee_id', employee_id)}/history",
                params=compact({"limit": limit, "cursor": cursor}),
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            EmployeeChange,
        )

    async def cancel_change(
        self,
        employee_id: str,
        change_id: str,
        *,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> EmployeeChange:
        """Cancel a scheduled change (`DELETE`) before its effective date: it stays in the
        history with `status: "cancelled"`. A change already applied is a `ConflictError`."""
        return await self._client.request(
            RequestOptions(
                "DELETE",
                f"/employees/{path_param('employee_id', employee_id)}"
                f"/history/{path_param('change_id', change_id)}",
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(EmployeeChange),
        )

    async def erase(
        self,
        employee_id: str,
        *,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Employee:
        """Irreversibly erase a former employee's personal data (event `employee.erased`):
        names, notes and free text become `"[erased]"` or `None`; ids, dates and counts stay.
        Integration keys only; an active employee is an `UnprocessableEntityError`. Erasing
        again answers the same."""
        return await self._client.request(
            RequestOptions(
                "POST",
                f"/employees/{path_param('employee_id', employee_id)}/erase",
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(Employee),
        )

    async def export(
        self,
        employee_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> EmployeeExport:
        """Everything the API holds about one employee: the record, its history, journals,
        leave and balances, and the score as of today."""
        return await self._client.request(
            RequestOptions(
                "GET",
                f"/employees/{path_param('employee_id', employee_id)}/export",
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(EmployeeExport),
        )


class AsyncEmployeesWithRawResponse:
    """`AsyncEmployees`'s methods, each answering an `APIResponse` (its `parse()` gives
    what the method itself answers)."""

    def __init__(self, resource: AsyncEmployees) -> None:
        self.list = async_to_raw_response_wrapper(resource.list)
        self.create = async_to_raw_response_wrapper(resource.create)
        self.retrieve = async_to_raw_response_wrapper(resource.retrieve)
        self.update = async_to_raw_response_wrapper(resource.update)
        self.offboard = async_to_raw_response_wrapper(resource.offboard)
        self.history = async_to_raw_response_wrapper(resource.history)
        self.cancel_change = async_to_raw_response_wrapper(resource.cancel_change)
        self.erase = async_to_raw_response_wrapper(resource.erase)
        self.export = async_to_raw_response_wrapper(resource.export)
