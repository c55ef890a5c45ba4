"""What a page shows when its form or filters are refused: the API's status and words."""

from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from pulse.core.errors import PulseError
from pulse.kit.error_handlers import validation_error
from pulse.kit.errors import status_of


def refusal(exc: ValidationError | PulseError) -> tuple[int, str]:
    """The status and message the API would answer for `exc`, for the page to show."""
    if isinstance(exc, ValidationError):
        exc = validation_error(RequestValidationError(exc.errors()))
    return status_of(exc), exc.message
