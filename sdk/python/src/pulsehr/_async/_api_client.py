"""`AsyncAPIClient`: sends a request, and retries it as _base_client.py's policy says."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TypeVar

import httpx

from .. import _errors
from .._base_client import BaseClient, Parser, RequestOptions, log
from .._errors import APIConnectionError, APITimeoutError
from .._models import BaseModel
from .._response import APIResponse, wants_raw_response
from .._types import Timeout
from ._pagination import AsyncPaginator

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

_RETRIED_TRANSPORT_ERRORS = (httpx.NetworkError, httpx.RemoteProtocolError)


class AsyncAPIClient(BaseClient):
    _client: httpx.AsyncClient

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | httpx.URL,
        timeout: Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        http_client: httpx.AsyncClient | None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        self._owns_client = http_client is None
        self._client = http_client or httpx.AsyncClient(timeout=timeout, follow_redirects=False)

    async def _sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def request(self, options: RequestOptions, parser: Parser[T]) -> T:
        raw = wants_raw_response()
        response = await self._send(options, parser)
        if raw:
            return response  # type: ignore[return-value]  # the raw wrapper's contract
        return response.parse()

    def get_page(self, options: RequestOptions, model: type[M]) -> AsyncPaginator[M]:
        # The one line that scripts/unasync.py rewrites by a rule of its own: the async client
        # answers a paginator that fetches when awaited, the sync client the page, fetched now.
        return AsyncPaginator(self, options, model)

    async def _send(self, options: RequestOptions, parser: Parser[T]) -> APIResponse[T]:
        request = self._build_request(self._client, options)
        retries_taken = 0
        while True:
            log.debug("%s %s", request.method, request.url)
            try:
                response = await self._client.send(request)
            except httpx.TimeoutException as exc:
                delay = self._retry_delay(retries_taken, self.max_retries, None)
                if delay is None:
                    raise APITimeoutError(request) from exc
                why = "timed out"
            except _RETRIED_TRANSPORT_ERRORS as exc:
                delay = self._retry_delay(retries_taken, self.max_retries, None)
                if delay is None:
                    raise APIConnectionError(request, f"Connection error: {exc}") from exc
                why = f"connection error: {exc}"
            except httpx.TransportError as exc:
                raise APIConnectionError(request, f"Connection error: {exc}") from exc
            else:
                if response.is_success:
                    return APIResponse(response, parser, retries_taken=retries_taken)
                await response.aread()
                delay = self._retry_delay(retries_taken, self.max_retries, response)
                if delay is None:
                    raise _errors.make_status_error(response)
                await response.aclose()
                why = f"answered {response.status_code}"
            self._log_retry(request, delay, why, retries_taken)
            await self._sleep(delay)
            retries_taken += 1

    async def close(self) -> None:
        """Close the connection pool (unless it is an `http_client` you passed in)."""
        if self._owns_client:
            await self._client.aclose()

    @property
    def is_closed(self) -> bool:
        return self._client.is_closed
