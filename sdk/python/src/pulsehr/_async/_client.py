"""`AsyncPulse`: the client, one namespace per resource of the API."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType

import httpx

from .._base_client import DEFAULT_MAX_RETRIES, _api_key, _base_url, _timeout
from .._types import NOT_GIVEN, NotGiven, Timeout
from ._api_client import AsyncAPIClient
from .resources.employees import AsyncEmployees
from .resources.event_types import AsyncEventTypes
from .resources.events import AsyncEvents
from .resources.kudos import AsyncKudosResource
from .resources.leave import AsyncLeaveResource
from .resources.scores import AsyncScores
from .resources.status_log import AsyncStatusLog
from .resources.webhook_endpoints import AsyncWebhookEndpoints
from .resources.workload_checkins import AsyncWorkloadCheckins

__all__ = ["AsyncPulse"]


class AsyncPulse(AsyncAPIClient):
    """The Pulse HR API client.

        from pulsehr import AsyncPulse

        pulse = AsyncPulse()  # the key from PULSE_API_KEY, the base URL from PULSE_API_BASE
        async for employee in pulse.employees.list(department="Engineering"):
            print(employee.full_name)

    Args:
        api_key: a `pk_live_…` or `pk_test_…` key; `PULSE_API_KEY` when omitted.
        base_url: `PULSE_API_BASE` when omitted, else `https://api.pulsehr.it/v1`. Self-hosted
            servers answer under `<your host>/v1`.
        timeout: seconds (or an `httpx.Timeout`) per try; 60 s (5 s to connect) by default;
            `None` for no timeout.
        max_retries: how many times a failed request is retried (default 2); 0 for none.
        default_headers: headers sent with every request.
        http_client: your own `httpx.AsyncClient` (proxies, transports, …). You close it.
    """

    employees: AsyncEmployees
    status_log: AsyncStatusLog
    kudos: AsyncKudosResource
    workload_checkins: AsyncWorkloadCheckins
    leave: AsyncLeaveResource
    scores: AsyncScores
    webhook_endpoints: AsyncWebhookEndpoints
    events: AsyncEvents
    event_types: AsyncEventTypes

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            api_key=_api_key(api_key),
            base_url=_base_url(base_url),
            timeout=_timeout(timeout),
            max_retries=max_retries,
            default_headers=default_headers,
            http_client=http_client,
        )
        self.employees = AsyncEmployees(self)
        self.status_log = AsyncStatusLog(self)
        self.kudos = AsyncKudosResource(self)
        self.workload_checkins = AsyncWorkloadCheckins(self)
        self.leave = AsyncLeaveResource(self)
        self.scores = AsyncScores(self)
        self.webhook_endpoints = AsyncWebhookEndpoints(self)
        self.events = AsyncEvents(self)
        self.event_types = AsyncEventTypes(self)

    def with_options(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
    ) -> AsyncPulse:
        """A copy of the client with some options changed, sharing its connection pool:

        await pulse.with_options(max_retries=5, timeout=10).employees.list()
        """
        return AsyncPulse(
            api_key=api_key or self.api_key,
            base_url=base_url or self.base_url,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
            max_retries=self.max_retries if isinstance(max_retries, NotGiven) else max_retries,
            default_headers={**self._default_headers, **(default_headers or {})},
            http_client=self._client,
        )

    async def __aenter__(self) -> AsyncPulse:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"AsyncPulse(base_url={str(self.base_url)!r})"
