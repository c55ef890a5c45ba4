"""Map every exception the framework or the service raises onto the envelope."""

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Match

from pulse.core.errors import InvalidRequest, NotFound, PulseError
from pulse.kit.errors import ERRORS_BY_STATUS, MethodNotAllowed, error_response
from pulse.kit.middleware import request_id

# Where FastAPI puts a failing value, and how the envelope names it.
_LOCATIONS = ("body", "query", "path", "header")


def field_name(loc: Sequence[Any], error_type: str) -> str:
    if error_type == "json_invalid" or len(loc) < 2:
        return "body" if not loc or loc[0] == "body" else str(loc[-1])
    if loc[0] in _LOCATIONS:
        loc = loc[1:]
    # Pydantic marks a failing dict key with a trailing "[key]" part.
    return ".".join(str(part) for part in loc if part != "[key]")


def _describe(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "invalid"))
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if error.get("type") == "json_invalid":
        detail = error.get("ctx", {}).get("error")
        return f"not valid JSON ({detail})" if detail else "not valid JSON"
    if error.get("type") == "extra_forbidden":
        message = "unknown field"
    return message


def validation_error(exc: RequestValidationError) -> InvalidRequest:
    fields: list[str] = []
    problems: list[str] = []
    for error in exc.errors():
        name = field_name(error.get("loc", ()), str(error.get("type", "")))
        if name not in fields:
            fields.append(name)
        problems.append(f"{name}: {_describe(error)}")
    return InvalidRequest("Invalid request: " + "; ".join(problems) + ".", fields=fields)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path.

    The router's own 405 names only the first route matching the path, but a path is
    often served by several (GET list and POST create).
    """
    allowed = []
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def http_error(exc: HTTPException, request: Request) -> PulseError:
    if exc.status_code == 404:
        return NotFound(f"No route {request.method} {request.url.path}.")
    if exc.status_code == 405:
        allowed = allowed_methods(request)
        return MethodNotAllowed(
            f"{request.method} is not allowed on {request.url.path}"
            + (f"; allowed: {', '.join(allowed)}." if allowed else "."),
            allowed,
        )
    if exc.status_code == 400:
        # FastAPI's one 400 of its own: a body its JSON parser gave up on (one nested
        # deeper than the parser recurses, say).
        return InvalidRequest("The body could not be read as JSON.", fields=["body"])
    error_class = ERRORS_BY_STATUS.get(exc.status_code, InvalidRequest)
    return error_class(str(exc.detail))


def as_api_error(exc: Exception, request: Request) -> PulseError | None:
    """The envelope-ready form of an exception, or None for a crash."""
    if isinstance(exc, PulseError):
        return exc
    if isinstance(exc, RequestValidationError):
        return validation_error(exc)
    if isinstance(exc, HTTPException):
        return http_error(exc, request)
    return None


async def _handle(request: Request, exc: Exception) -> Response:
    error = as_api_error(exc, request)
    if error is None:  # pragma: no cover - handlers are only registered for mapped types
        raise exc
    return error_response(error, request_id(request.scope))


def install_error_handlers(app: FastAPI) -> None:
    for exc_class in (PulseError, RequestValidationError, HTTPException):
        app.add_exception_handler(exc_class, _handle)
