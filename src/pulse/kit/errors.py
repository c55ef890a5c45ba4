"""Errors on the wire: each error of the tree (`pulse.core.errors`) with its HTTP status,
headers and the envelope every error answers with,
`{"error": {"code", "message", "fields", "request_id"}}`, whatever produced it.

The three errors only HTTP can produce (a wrong method, an oversized or non-JSON body)
join the tree here.
"""

from typing import Any

import orjson
from pydantic import BaseModel, Field
from starlette.responses import Response

from pulse.core.errors import (
    Conflict,
    InternalError,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    PulseError,
    RateLimited,
    ServiceUnavailable,
    Unauthenticated,
    Unprocessable,
)


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable, machine-readable error code.")
    message: str = Field(description="Human-readable explanation.")
    fields: list[str] = Field(
        description="The request fields at fault (dotted paths into the body, or parameter names)."
    )
    request_id: str = Field(description="The request's id, also in the X-Request-Id header.")


class ErrorEnvelope(BaseModel):
    error: ErrorDetail


class MethodNotAllowed(PulseError):
    code = "method_not_allowed"

    def __init__(self, message: str, allowed: list[str]) -> None:
        super().__init__(message)
        self.allowed = allowed


class PayloadTooLarge(PulseError):
    code = "payload_too_large"


class UnsupportedMediaType(PulseError):
    code = "unsupported_media_type"


STATUS: dict[type[PulseError], int] = {
    InvalidRequest: 400,
    Unauthenticated: 401,
    PermissionDenied: 403,
    NotFound: 404,
    MethodNotAllowed: 405,
    Conflict: 409,
    PayloadTooLarge: 413,
    UnsupportedMediaType: 415,
    Unprocessable: 422,
    RateLimited: 429,
    InternalError: 500,
    ServiceUnavailable: 503,
}
ERRORS_BY_STATUS = {status: error for error, status in STATUS.items()}

# RFC 9110: a 401 names the scheme the client should use.
WWW_AUTHENTICATE = 'Bearer realm="Pulse HR"'


def status_of(error: PulseError) -> int:
    return next(STATUS[cls] for cls in type(error).__mro__ if cls in STATUS)


def headers_of(error: PulseError) -> dict[str, str]:
    headers = {}
    if error.retry_after is not None:
        headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, Unauthenticated):
        headers["WWW-Authenticate"] = WWW_AUTHENTICATE
    if isinstance(error, MethodNotAllowed) and error.allowed:
        headers["Allow"] = ", ".join(error.allowed)
    return headers


def envelope(error: PulseError, request_id: str) -> dict[str, Any]:
    return {
        "error": {
            "code": error.code,
            "message": error.message,
            "fields": error.fields,
            "request_id": request_id,
        }
    }


def error_response(error: PulseError, request_id: str) -> Response:
    return Response(
        orjson.dumps(envelope(error, request_id)),
        status_code=status_of(error),
        media_type="application/json",
        headers=headers_of(error),
    )
