"""The exceptions the SDK raises: one class per error code of the API.

PulseError
├── APIError                      the API answered with an error (has status_code, code, …)
│   ├── InvalidRequestError          400 invalid_request
│   ├── AuthenticationError          401 unauthenticated   (alias UnauthenticatedError)
│   ├── PermissionDeniedError        403 permission_denied
│   ├── NotFoundError                404 not_found
│   ├── MethodNotAllowedError        405 method_not_allowed
│   ├── ConflictError                409 conflict
│   ├── PayloadTooLargeError         413 payload_too_large
│   ├── UnsupportedMediaTypeError    415 unsupported_media_type
│   ├── UnprocessableEntityError     422 unprocessable_entity
│   ├── RateLimitError               429 rate_limited      (has retry_after)
│   └── InternalServerError          500 internal_error, and any other 5xx
│       └── ServiceUnavailableError  503 service_unavailable
├── APIConnectionError            no answer: the connection failed
│   └── APITimeoutError              … or timed out
├── APIResponseValidationError    an answer the SDK could not read as the documented type
└── WebhookVerificationError      a webhook whose signature does not hold (pulsehr.webhooks)
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

import httpx

from ._headers import REQUEST_ID, RateLimit, retry_after_seconds

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "ConflictError",
    "InternalServerError",
    "InvalidRequestError",
    "MethodNotAllowedError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "PulseError",
    "RateLimitError",
    "ServiceUnavailableError",
    "UnauthenticatedError",
    "UnprocessableEntityError",
    "UnsupportedMediaTypeError",
    "WebhookVerificationError",
]


class PulseError(Exception):
    """Every exception this library raises derives from it."""


class APIError(PulseError):
    """The API answered with an error status and (usually) its error envelope:

    `{"error": {"code", "message", "fields", "request_id"}}`.
    """

    status: ClassVar[int | None] = None
    error_code: ClassVar[str | None] = None

    status_code: int
    """The HTTP status, e.g. 404."""
    code: str
    """The API's stable error code, e.g. `not_found` (`unknown` when the body had none)."""
    message: str
    """The API's human-readable message."""
    fields: list[str]
    """The request fields at fault (dotted paths into the body, or parameter names)."""
    request_id: str | None
    """The request's id (`req_…`): quote it when reporting a problem."""
    headers: httpx.Headers
    response: httpx.Response
    body: object
    """The decoded JSON body, or the raw text when it was not JSON."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object,
        code: str | None = None,
        fields: list[str] | None = None,
        request_id: str | None = None,
    ) -> None:
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        own_status = type(self).status == response.status_code
        self.code = code or (self.error_code if own_status and self.error_code else "unknown")
        self.message = message
        self.fields = list(fields or [])
        self.request_id = request_id or response.headers.get(REQUEST_ID)
        super().__init__(self._describe())

    @property
    def request(self) -> httpx.Request:
        return self.response.request

    @property
    def rate_limit(self) -> RateLimit:
        """The answer's `X-RateLimit-*` figures."""
        return RateLimit.from_headers(self.headers)

    @property
    def retry_after(self) -> float | None:
        """Seconds to wait before trying again (the `Retry-After` header), if sent."""
        return retry_after_seconds(self.headers)

    def _describe(self) -> str:
        text = f"{self.status_code} {self.code}: {self.message}"
        if self.fields:
            text += f" (fields: {', '.join(self.fields)})"
        if self.request_id:
            text += f" [request_id: {self.request_id}]"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, code={self.code!r}, "
            f"message={self.message!r}, fields={self.fields!r}, request_id={self.request_id!r})"
        )


APIStatusError = APIError
"""An alias, for those used to openai-python's and anthropic-sdk-python's name."""


class InvalidRequestError(APIError):
    """400: the body or parameters failed validation; `fields` lists every failing one."""

    status, error_code = 400, "invalid_request"


class AuthenticationError(APIError):
    """401: missing, malformed, unknown, revoked or expired API key."""

    status, error_code = 401, "unauthenticated"


UnauthenticatedError = AuthenticationError


class PermissionDeniedError(APIError):
    """403: the key lacks the scope, or a personal key acts for someone else."""

    status, error_code = 403, "permission_denied"


class NotFoundError(APIError):
    """404: unknown id (or another tenant's), unknown route."""

    status, error_code = 404, "not_found"


class MethodNotAllowedError(APIError):
    """405: the path does not serve that method."""

    status, error_code = 405, "method_not_allowed"


class ConflictError(APIError):
    """409: a stale `version`, a uniqueness clash, an `Idempotency-Key` reused for another
    request, or (retried automatically) still in flight."""

    status, error_code = 409, "conflict"


class PayloadTooLargeError(APIError):
    """413: a body over 1 MiB."""

    status, error_code = 413, "payload_too_large"


class UnsupportedMediaTypeError(APIError):
    """415: a body that is not `application/json`."""

    status, error_code = 415, "unsupported_media_type"


class UnprocessableEntityError(APIError):
    """422: well-formed but impossible (say, `end_date` before `start_date`)."""

    status, error_code = 422, "unprocessable_entity"


class RateLimitError(APIError):
    """429: over the key's rate limit; `retry_after` says how many seconds to wait."""

    status, error_code = 429, "rate_limited"


class InternalServerError(APIError):
    """500 (and any other 5xx without a class of its own): a bug on the server's side."""

    status, error_code = 500, "internal_error"


class ServiceUnavailableError(InternalServerError):
    """503: the service cannot answer right now."""

    status, error_code = 503, "service_unavailable"


class APIConnectionError(PulseError):
    """No answer: the connection could not be made or broke off."""

    def __init__(self, request: httpx.Request, message: str = "Connection error.") -> None:
        super().__init__(message)
        self.request = request
        self.message = message


class APITimeoutError(APIConnectionError):
    """The request timed out (see the `timeout` client option)."""

    def __init__(self, request: httpx.Request) -> None:
        super().__init__(request, "Request timed out.")


class APIResponseValidationError(PulseError):
    """A successful answer whose body does not match the documented type."""

    def __init__(self, response: httpx.Response, body: object, message: str) -> None:
        super().__init__(message)
        self.response = response
        self.body = body
        self.message = message
        self.status_code = response.status_code
        self.request_id = response.headers.get(REQUEST_ID)


class WebhookVerificationError(PulseError):
    """A webhook payload whose `X-Pulse-Signature` does not verify: refuse it (answer 400)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_BY_CODE: dict[str, type[APIError]] = {
    cls.error_code: cls
    for cls in (
        InvalidRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        MethodNotAllowedError,
        ConflictError,
        PayloadTooLargeError,
        UnsupportedMediaTypeError,
        UnprocessableEntityError,
        RateLimitError,
        InternalServerError,
        ServiceUnavailableError,
    )
    if cls.error_code is not None
}
_BY_STATUS: dict[int, type[APIError]] = {
    cls.status: cls for cls in _BY_CODE.values() if cls.status is not None
}


def make_status_error(response: httpx.Response) -> APIError:
    """The exception for an error answer: chosen by the envelope's `code`, else by status."""
    body: Any
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        body = response.text
    detail = body.get("error") if isinstance(body, dict) else None
    if not isinstance(detail, dict):
        detail = {}
    code = detail.get("code") if isinstance(detail.get("code"), str) else None
    message = detail.get("message")
    if not isinstance(message, str):
        message = (body if isinstance(body, str) and body else None) or (
            response.reason_phrase or "error"
        )
    raw_fields = detail.get("fields")
    fields = [str(f) for f in raw_fields] if isinstance(raw_fields, list) else []
    request_id = detail.get("request_id") if isinstance(detail.get("request_id"), str) else None

    status = response.status_code
    cls = _BY_CODE.get(code) if code else None
    if cls is None:
        cls = _BY_STATUS.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIError
    return cls(
        message, response=response, body=body, code=code, fields=fields, request_id=request_id
    )
