"""Peer recognition: `pulse.kudos`."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from ..._base_client import RequestOptions, compact, model_parser, path_param
from ..._resource import AsyncAPIResource
from ..._response import async_to_raw_response_wrapper
from ..._types import NOT_GIVEN, Body, Headers, NotGiven, Query, Timeout
from ...types.kudos import Kudos
from .._pagination import AsyncPaginator

__all__ = [
    "AsyncKudosResource",
    "AsyncKudosResourceWithRawResponse",
]


class AsyncKudosResource(AsyncAPIResource):
    """Peer recognition (`/v1/kudos`), spent from each giver's monthly allowance of coins."""

    @cached_property
    def with_raw_response(self) -> AsyncKudosResourceWithRawResponse:
        """The same methods, answering the raw `APIResponse` (headers, rate limits)."""
        return AsyncKudosResourceWithRawResponse(self)

    def list(
        self,
        *,
        limit: int | NotGiven | None = NOT_GIVEN,
        cursor: str | NotGiven | None = NOT_GIVEN,
        from_employee_id: str | NotGiven | None = NOT_GIVEN,
        to_employee_id: str | NotGiven | None = NOT_GIVEN,
        tag: str | NotGiven | None = NOT_GIVEN,
        created_from: dt.datetime | str | NotGiven | None = NOT_GIVEN,
        created_to: dt.datetime | str | NotGiven | None = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[Kudos]:
        """List kudos, ordered by id; iterate the page to walk every page.

        Args:
            limit: page size, 1 to 200 (default 50).
            cursor: the `next_cursor` of the previous page.
            from_employee_id: the giver.
            to_employee_id: the receiver.
            tag: exact match.
            created_from: kudos created at or after this time (timezone-aware).
            created_to: kudos created at or before this time (timezone-aware).
        """
        return self._client.get_page(
            RequestOptions(
                "GET",
                "/kudos",
                params=compact(
                    {
                        "limit": limit,
                        "cursor": cursor,
                        "from_employee_id": from_employee_id,
                        "to_employee_id": to_employee_id,
                        "tag": tag,
                        "created_from": created_from,
                        "created_to": created_to,
                    }
                ),
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            Kudos,
        )

    async def create(
        self,
        *,
        to_employee_id: str,
        coins: int,
        tag: str,
        from_employee_id: str | NotGiven | None = NOT_GIVEN,
        note: str | NotGiven | None = NOT_GIVEN,
        idempotency_key: str | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Kudos:
        """Give kudos (event `kudos.awarded`).

        Args:
            to_employee_id: who receives them; not the giver.
            coins: from 1, within the giver's monthly allowance (422 beyond it).
            tag: a slug of 1 to 32 of `a-z`, `0-9` and `-`, e.g. `craft`.
            from_employee_id: the giver. A personal key may omit it (its own employee) and
                cannot name anyone else; an integration key must name it.
            note: up to 500 characters.
            idempotency_key: sent as `Idempotency-Key`; a uuid4 when omitted.
        """
        return await self._client.request(
            RequestOptions(
                "POST",
                "/kudos",
                body=compact(
                    {
                        "to_employee_id": to_employee_id,
                        "coins": coins,
                        "tag": tag,
                        "from_employee_id": from_employee_id,
                        "note": note,
                    }
                ),
                idempotency_key=idempotency_key,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            model_parser(Kudos),
        )

    async def retrieve(
        self,
        kudos_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Kudos:
        """Get one kudos by id."""
        return await self._client.request(
            RequestOptions(
                "GET",
                f"/kudos/{path_param('kudos_id', kudos_id)}",
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
            model_parser(Kudos),
        )


class AsyncKudosResourceWithRawResponse:
    """`AsyncKudosResource`'s methods, each answering an `APIResponse` (its `parse()` gives
    what the method itself answers)."""

    def __init__(self, resource: AsyncKudosResource) -> None:
        self.list = async_to_raw_response_wrapper(resource.list)
        self.create = async_to_raw_response_wrapper(resource.create)
        self.retrieve = async_to_raw_response_wrapper(resource.retrieve)
