"""The Python library for the Pulse HR REST API.

from pulsehr import Pulse

pulse = Pulse()  # PULSE_API_KEY, and PULSE_API_BASE for a self-hosted server
entry = pulse.status_log.create(lines=["Shipped the OG localiser."])
"""

from . import types, webhooks
from ._async._client import AsyncPulse
from ._async._pagination import AsyncPage, AsyncPaginator
from ._base_client import DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ConflictError,
    InternalServerError,
    InvalidRequestError,
    MethodNotAllowedError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    PulseError,
    RateLimitError,
    ServiceUnavailableError,
    UnauthenticatedError,
    UnprocessableEntityError,
    UnsupportedMediaTypeError,
    WebhookVerificationError,
)
from ._headers import RateLimit
from ._models import BaseModel
from ._response import APIResponse
from ._sync._client import Pulse
from ._sync._pagination import SyncPage
from ._types import NOT_GIVEN, NotGiven, Timeout
from ._version import __version__

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncPulse",
    "AuthenticationError",
    "BaseModel",
    "ConflictError",
    "InternalServerError",
    "InvalidRequestError",
    "MethodNotAllowedError",
    "NotFoundError",
    "NotGiven",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "Pulse",
    "PulseError",
    "RateLimit",
    "RateLimitError",
    "ServiceUnavailableError",
    "SyncPage",
    "Timeout",
    "UnauthenticatedError",
    "UnprocessableEntityError",
    "UnsupportedMediaTypeError",
    "WebhookVerificationError",
    "__version__",
    "types",
    "webhooks",
]
