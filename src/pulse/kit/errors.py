"""The error envelope and the one exception tree the service raises.

Every error the server can produce, from a schema failure to a crash, leaves as
`{"error": {"code", "message", "fields", "request_id"}}`.
"""

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import orjson
from pydantic import BaseModel, Field
from starlette.responses import Response


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable, machine-readable error code.")
    message: str = Field(description="Human-readable explanation.")
    fields: list[str] = Field(
        description="The request fields at fault (dotted paths into the body, or parameter names)."
    )
    request_id: str = Field(description="The request's id, also in the X-Request-Id header.")


class ErrorEnvelope(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"

    def __init__(
        self,
        message: str,
        fields: Sequence[str] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.fields = list(fields)
        self.headers = dict(headers or {})


class InvalidRequest(ApiError):
    status, code = 400, "invalid_request"


class Unauthenticated(ApiError):
    status, code = 401, "unauthenticated"


class PermissionDenied(ApiError):
    status, code = 403, "permission_denied"


class NotFound(ApiError):
    status, code = 404, "not_found"


class MethodNotAllowed(ApiError):
    status, code = 405, "method_not_allowed"


class Conflict(ApiError):
    status, code = 409, "conflict"


class PayloadTooLarge(ApiError):
    status, code = 413, "payload_too_large"


class UnsupportedMediaType(ApiError):
    status, code = 415, "unsupported_media_type"


class Unprocessable(ApiError):
    status, code = 422, "unprocessable_entity"


class RateLimited(ApiError):
    status, code = 429, "rate_limited"


class InternalError(ApiError):
    status, code = 500, "internal_error"


class ServiceUnavailable(ApiError):
    status, code = 503, "service_unavailable"


ERRORS_BY_STATUS: dict[int, type[ApiError]] = {
    cls.status: cls
    for cls in (
        InvalidRequest,
        Unauthenticated,
        PermissionDenied,
        NotFound,
        MethodNotAllowed,
        Conflict,
        PayloadTooLarge,
        UnsupportedMediaType,
        Unprocessable,
        RateLimited,
        InternalError,
        ServiceUnavailable,
    )
}


def not_found(resource: str, resource_id: str) -> NotFound:
    return NotFound(f"No {resource} with id {resource_id!r}.")


def envelope(error: ApiError, request_id: str) -> dict[str, Any]:
    return {
        "error": {
            "code": error.code,
            "message": error.message,
            "fields": error.fields,
            "request_id": request_id,
        }
    }


def error_response(error: ApiError, request_id: str) -> Response:
    return Response(
        orjson.dumps(envelope(error, request_id)),
        status_code=error.status,
        media_type="application/json",
        headers=error.headers,
    )
