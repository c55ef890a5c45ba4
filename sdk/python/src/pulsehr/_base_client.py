"""What both clients share: building requests, the retry policy, idempotency keys, timeouts.

A request is retried (up to `max_retries` times, 2 by default) when it could not reach the
server or timed out, and when the answer is

* `429 rate_limited`, after the `Retry-After` it carries;
* `409 conflict` *with* `Retry-After`: the server's answer while an earlier request with the
  same `Idempotency-Key` is still running (any other 409 is final);
* a `5xx`.

Between tries the client waits the answer's `Retry-After` when it has one, else an exponential
backoff with jitter (0.5 s, 1 s, 2 s, … at most 8 s, each less up to a quarter at random). A
`Retry-After` over 60 s is not waited out: the error is raised at once, `retry_after` telling
the caller when to come back.

Every POST and DELETE carries an `Idempotency-Key` (a uuid4 unless the caller passes one), the
same on each of its retries, so a retry never applies a change twice.

The loop that sends and retries is `AsyncAPIClient`'s (_async/_api_client.py), from which
`SyncAPIClient` is generated (_sync/_api_client.py).
"""

from __future__ import annotations

import json
import logging
import os
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TypeVar
from urllib.parse import quote

import httpx
import pydantic

from ._errors import APIResponseValidationError, PulseError
from ._headers import IDEMPOTENCY_KEY, retry_after_seconds
from ._models import BaseModel
from ._types import NOT_GIVEN, NotGiven, Timeout
from ._version import __version__

DEFAULT_BASE_URL = "https://api.pulsehr.it/v1"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
"""The longest `Retry-After` the client waits out by itself."""

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
N = TypeVar("N", bound=BaseModel)

log = logging.getLogger("pulsehr")

Parser = Callable[[httpx.Response], T]


@dataclass(frozen=True)
class RequestOptions:
    """One API call, as the resource methods describe it."""

    method: str
    path: str
    params: Mapping[str, object] = field(default_factory=dict)
    body: object | NotGiven = NOT_GIVEN
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, object] | None = None
    extra_body: Mapping[str, object] | None = None
    timeout: Timeout | NotGiven = NOT_GIVEN
    idempotency_key: str | NotGiven = NOT_GIVEN

    def with_cursor(self, cursor: str) -> RequestOptions:
        return replace(self, params={**self.params, "cursor": cursor})


def path_param(name: str, value: str) -> str:
    """A path segment, percent-encoded; an empty id would silently change the route."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"Expected a non-empty string for `{name}`, got {value!r}")
    if value in (".", ".."):  # would be resolved away as a dot-segment of the path
        return value.replace(".", "%2E")
    return quote(value, safe="")


def compact(values: Mapping[str, object]) -> dict[str, object]:
    """The given arguments only: NOT_GIVEN ones are left out of the request."""
    return {key: value for key, value in values.items() if not isinstance(value, NotGiven)}


def string_list(name: str, values: Sequence[str] | NotGiven) -> list[str] | NotGiven:
    """A list argument as a JSON array; a lone string is refused rather than split."""
    if isinstance(values, NotGiven):
        return values
    if isinstance(values, str):
        raise TypeError(f"`{name}` takes a list of strings, not a string: [{values!r}]")
    return list(values)


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return list(value)
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _query_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def model_parser(model: type[M]) -> Parser[M]:
    def parse(response: httpx.Response) -> M:
        try:
            return model.model_validate_json(response.content)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(
                response, response.text, f"The answer is not a valid {model.__name__}: {exc}"
            ) from exc

    return parse


def status_model_parser(model: type[M], status_code: int, other: type[N]) -> Parser[M | N]:
    """Parses an answer as `other` when its status is `status_code`, else as `model`: for
    operations whose successful answers differ by status (an update applied now, 200, or
    scheduled for later, 202)."""
    parse_model, parse_other = model_parser(model), model_parser(other)

    def parse(response: httpx.Response) -> M | N:
        if response.status_code == status_code:
            return parse_other(response)
        return parse_model(response)

    return parse


class BaseClient:
    api_key: str
    max_retries: int
    timeout: Timeout

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | httpx.URL,
        timeout: Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self.api_key = api_key
        self._base_url = httpx.URL(str(base_url).rstrip("/") + "/")
        self.timeout = timeout
        self.max_retries = max_retries
        self._default_headers = dict(default_headers or {})

    @property
    def base_url(self) -> httpx.URL:
        return self._base_url

    @property
    def user_agent(self) -> str:
        return f"pulsehr-python/{__version__}"

    def _headers(self, options: RequestOptions, idempotency_key: str | None) -> dict[str, str]:
        headers = {
            "Accept": "application/json",
            "User-Agent": self.user_agent,
            "Authorization": f"Bearer {self.api_key}",
            **self._default_headers,
        }
        if idempotency_key is not None:
            headers[IDEMPOTENCY_KEY] = idempotency_key
        headers.update(options.extra_headers or {})
        return headers

    def _idempotency_key(self, options: RequestOptions) -> str | None:
        if options.method.upper() not in ("POST", "DELETE"):
            return None
        if isinstance(options.idempotency_key, str):
            return options.idempotency_key
        return str(uuid.uuid4())

    def _build_request(
        self, http_client: httpx.Client | httpx.AsyncClient, options: RequestOptions
    ) -> httpx.Request:
        """The request, built once: every retry sends these very bytes and headers."""
        params = {**options.params, **(options.extra_query or {})}
        query = {k: _query_value(v) for k, v in params.items() if v is not None}
        headers = self._headers(options, self._idempotency_key(options))
        content: bytes | None = None
        body = options.body
        if options.extra_body:
            body = {**(body if isinstance(body, Mapping) else {}), **options.extra_body}
        if not isinstance(body, NotGiven):
            content = json.dumps(body, default=_json_default, separators=(",", ":")).encode()
            headers.setdefault("Content-Type", "application/json")
        timeout = self.timeout if isinstance(options.timeout, NotGiven) else options.timeout
        return http_client.build_request(
            options.method,
            self._base_url.join(options.path.lstrip("/")),
            params=query,
            content=content,
            headers=headers,
            timeout=timeout,
        )

    def _log_retry(
        self, request: httpx.Request, delay: float, why: str, retries_taken: int
    ) -> None:
        log.info(
            "Retrying %s %s in %.2f s (%s; retry %d of %d)",
            request.method,
            request.url.path,
            delay,
            why,
            retries_taken + 1,
            self.max_retries,
        )

    def _retry_delay(
        self, retries_taken: int, max_retries: int, response: httpx.Response | None
    ) -> float | None:
        """Seconds to wait before the next try, or None when this answer is final."""
        if retries_taken >= max_retries:
            return None
        retry_after: float | None = None
        if response is not None:
            if not _is_retryable(response):
                return None
            retry_after = retry_after_seconds(response.headers)
        if retry_after is not None:
            return retry_after if retry_after <= MAX_RETRY_AFTER else None
        backoff = min(INITIAL_RETRY_DELAY * 2.0**retries_taken, MAX_RETRY_DELAY)
        return backoff * (1.0 - 0.25 * random.random())


def _is_retryable(response: httpx.Response) -> bool:
    status = response.status_code
    if status == 409:
        return "Retry-After" in response.headers
    return status == 429 or status >= 500


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


__all__ = [
    "API_KEY_ENV",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "BaseClient",
    "RequestOptions",
    "compact",
    "model_parser",
    "path_param",
    "string_list",
]
