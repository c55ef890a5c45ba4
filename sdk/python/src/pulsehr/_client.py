"""`Pulse` and `AsyncPulse`: the clients, one namespace per resource of the API."""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import TracebackType

import httpx

from ._base_client import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    AsyncAPIClient,
    SyncAPIClient,
)
from ._errors import PulseError
from ._types import NOT_GIVEN, NotGiven, Timeout
from .resources import (
    AsyncEmployees,
    AsyncEvents,
    AsyncEventTypes,
    AsyncKudosResource,
    AsyncLeaveResource,
    AsyncStatusLog,
    AsyncWebhookEndpoints,
    AsyncWorkloadCheckins,
    Employees,
    Events,
    EventTypes,
    KudosResource,
    LeaveResource,
    StatusLog,
    WebhookEndpoints,
    WorkloadCheckins,
)

__all__ = ["AsyncPulse", "Pulse"]

API_KEY_ENV = "PULSE_API_KEY"
BASE_URL_ENV = "PULSE_API_BASE"


def _api_key(api_key: str | None) -> str:
    key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
    if not key:
        raise PulseError(
            f"No API key: pass api_key=… to the client or set the {API_KEY_ENV} environment "
            "variable (mint keys in /developers, or with `pulse keys create` when self-hosting)."
        )
    return key


def _base_url(base_url: str | httpx.URL | None) -> str | httpx.URL:
    if base_url is not None:
        return base_url
    return os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL


def _timeout(timeout: Timeout | NotGiven) -> Timeout:
    return DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else timeout


class Pulse(SyncAPIClient):
    """The Pulse HR API client.

        from pulsehr import Pulse

        pulse = Pulse()  # the key from PULSE_API_KEY, the base URL from PULSE_API_BASE
        for employee in pulse.employees.list(department="Engineering"):
            print(employee.full_name)

    Args:
        api_key: a `pk_live_…` or `pk_test_…` key; `PULSE_API_KEY` when omitted.
        base_url: `PULSE_API_BASE` when omitted, else `https://api.pulsehr.it/v1`. Self-hosted
            servers answer under `<your host>/v1`.
        timeout: seconds (or an `httpx.Timeout`) per try; 60 s (5 s to connect) by default;
            `None` for no timeout.
        max_retries: how many times a failed request is retried (default 2); 0 for none.
        default_headers: headers sent with every request.
        http_client: your own `httpx.Client` (proxies, transports, …). You close it.
    """

    employees: Employees
    status_log: StatusLog
    kudos: KudosResource
    workload_checkins: WorkloadCheckins
    leave: LeaveResource
    webhook_endpoints: WebhookEndpoints
    events: Events
    event_types: EventTypes

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            api_key=_api_key(api_key),
            base_url=_base_url(base_url),
            timeout=_timeout(timeout),
            max_retries=max_retries,
            default_headers=default_headers,
            http_client=http_client,
        )
        self.employees = Employees(self)
        self.status_log = StatusLog(self)
        self.kudos = KudosResource(self)
        self.workload_checkins = WorkloadCheckins(self)
        self.leave = LeaveResource(self)
        self.webhook_endpoints = WebhookEndpoints(self)
        self.events = Events(self)
        self.event_types = EventTypes(self)

    def with_options(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
    ) -> Pulse:
        """A copy of the client with some options changed, sharing its connection pool:

        pulse.with_options(max_retries=5, timeout=10).employees.list()
        """
        return Pulse(
            api_key=api_key or self.api_key,
            base_url=base_url or self.base_url,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
            max_retries=self.max_retries if isinstance(max_retries, NotGiven) else max_retries,
            default_headers={**self._default_headers, **(default_headers or {})},
            http_client=self._client,
        )

    def __enter__(self) -> Pulse:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Pulse(base_url={str(self.base_url)!r})"


class AsyncPulse(AsyncAPIClient):
    """The Pulse HR API client for asyncio: the same namespaces and methods as `Pulse`,
    awaited.

        from pulsehr import AsyncPulse

        async with AsyncPulse() as pulse:
            employee = await pulse.employees.retrieve("emp_…")
            async for entry in pulse.status_log.list(employee_id=employee.id):
                print(entry.lines)

    Takes the same arguments as `Pulse` (with an `httpx.AsyncClient` as `http_client`).
    """

    employees: AsyncEmployees
    status_log: AsyncStatusLog
    kudos: AsyncKudosResource
    workload_checkins: AsyncWorkloadCheckins
    leave: AsyncLeaveResource
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
        """A copy of the client with some options changed, sharing its connection pool."""
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
