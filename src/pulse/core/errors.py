"""The one tree of errors the product raises, each with a stable code.

Services, repositories and the kit raise these; the HTTP kit alone decides what an
error looks like on the wire (`pulse.kit.errors`: its status and the envelope), so
nothing below the kit knows about HTTP.
"""

from collections.abc import Sequence
from typing import ClassVar


class PulseError(Exception):
    code: ClassVar[str] = "internal_error"

    def __init__(
        self, message: str, fields: Sequence[str] = (), *, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        # The request fields at fault: dotted paths into the body, or parameter names.
        self.fields = list(fields)
        # Seconds after which the same request may succeed, when waiting can cure it.
        self.retry_after = retry_after


class InvalidRequest(PulseError):
    code = "invalid_request"


class Unauthenticated(PulseError):
    code = "unauthenticated"


class PermissionDenied(PulseError):
    code = "permission_denied"


class NotFound(PulseError):
    code = "not_found"


class Conflict(PulseError):
    code = "conflict"


class Unprocessable(PulseError):
    code = "unprocessable_entity"


class RateLimited(PulseError):
    code = "rate_limited"


class InternalError(PulseError):
    code = "internal_error"


class ServiceUnavailable(PulseError):
    code = "service_unavailable"


def not_found(resource: str, resource_id: str) -> NotFound:
    return NotFound(f"No {resource} with id {resource_id!r}.")
