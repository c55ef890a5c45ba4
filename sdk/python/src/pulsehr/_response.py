"""Raw responses: the HTTP answer behind a call, for its headers and rate-limit figures."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx

from ._headers import IDEMPOTENT_REPLAYED, REQUEST_ID, RateLimit

__all__ = ["APIResponse"]

T = TypeVar("T")
P = ParamSpec("P")

_NOT_PARSED: Any = object()

# Set while a `with_raw_response` method runs: the request it makes answers its APIResponse.
_raw_response: ContextVar[bool] = ContextVar("pulsehr_raw_response", default=False)


class APIResponse(Generic[T]):
    """The HTTP answer of one API call; `parse()` gives what the method itself returns.

    response = pulse.employees.with_raw_response.list(limit=10)
    response.request_id, response.rate_limit.remaining, response.headers["X-Request-Id"]
    page = response.parse()
    """

    def __init__(
        self,
        http_response: httpx.Response,
        parser: Callable[[httpx.Response], T],
        *,
        retries_taken: int = 0,
    ) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken
        """How many times the request was retried before this answer."""
        self._parser = parser
        self._parsed: T = _NOT_PARSED

    def parse(self) -> T:
        """The answer as the method returns it (a model or a page); computed once."""
        if self._parsed is _NOT_PARSED:
            self._parsed = self._parser(self.http_response)
        return self._parsed

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The `X-Request-Id` of the answer (`req_…`)."""
        value = self.http_response.headers.get(REQUEST_ID)
        return value if isinstance(value, str) else None

    @property
    def rate_limit(self) -> RateLimit:
        """The `X-RateLimit-Limit`, `-Remaining` and `-Reset` figures."""
        return RateLimit.from_headers(self.http_response.headers)

    @property
    def idempotent_replayed(self) -> bool:
        """True when the server replayed the stored answer of an earlier request with the same
        `Idempotency-Key` instead of running this one."""
        value = self.http_response.headers.get(IDEMPOTENT_REPLAYED)
        return isinstance(value, str) and value.strip().lower() == "true"

    @property
    def http_request(self) -> httpx.Request:
        return self.http_response.request

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def method(self) -> str:
        return self.http_response.request.method

    @property
    def elapsed(self) -> timedelta:
        return self.http_response.elapsed

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        return self.http_response.json()

    def __repr__(self) -> str:
        return (
            f"<APIResponse [{self.status_code}] {self.method} {self.url} "
            f"request_id={self.request_id!r}>"
        )


@contextmanager
def _raw() -> Iterator[None]:
    token = _raw_response.set(True)
    try:
        yield
    finally:
        _raw_response.reset(token)


def wants_raw_response() -> bool:
    return _raw_response.get()


def to_raw_response_wrapper(func: Callable[P, T]) -> Callable[P, APIResponse[T]]:
    """The same method, answering its `APIResponse` instead of the parsed value."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        with _raw():
            return cast("APIResponse[T]", func(*args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[APIResponse[T]]]:
    """The same coroutine method (or paginator), answering its `APIResponse`."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        with _raw():
            return cast("APIResponse[T]", await func(*args, **kwargs))

    return wrapped
