"""Pure ASGI middleware that wraps every request, before routing.

`RequestContext` is outermost: it names the request, stamps `X-Request-Id` (and any
headers a route left in `scope["state"]["response_headers"]`) on the response, and
turns a crash into a `500 internal_error` envelope without a trace, after handing the
crash to `on_crash` (the app files it as an incident under the request id).
`InputGuard` refuses NUL characters in the path, oversized bodies and non-JSON bodies
before anything reads them (the HTML forms of the paths under `form_prefix`, the
console's, post `application/x-www-form-urlencoded` instead).
"""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pulse.core.errors import InternalError, InvalidRequest, PulseError
from pulse.kit.errors import PayloadTooLarge, UnsupportedMediaType, error_response
from pulse.kit.ids import new_id

log = logging.getLogger("pulse.errors")

MAX_BODY_BYTES = 1024 * 1024


def request_id(scope: Scope) -> str:
    state: dict[str, Any] = scope.setdefault("state", {})
    if "request_id" not in state:
        state["request_id"] = new_id("req")
    return str(state["request_id"])


# Where a path matched no route: one label for every such path, whatever was asked.
UNMATCHED = "(unmatched)"


def route_template(scope: Scope) -> str:
    """The matched route's template (`/v1/employees/{id}`), never the raw path: known
    once routing has run."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED


# Told of each crash: the request id, the method, the route template and the exception.
OnCrash = Callable[[str, str, str, Exception], Awaitable[None]]


def add_response_headers(scope: Scope, headers: dict[str, str]) -> None:
    """Ask for headers on this request's response, whatever answers it (route or error)."""
    scope.setdefault("state", {}).setdefault("response_headers", {}).update(headers)


class RequestContext:
    def __init__(self, app: ASGIApp, on_crash: OnCrash | None = None) -> None:
        self.app = app
        self.on_crash = on_crash

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(scope)
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                headers["X-Request-Id"] = rid
                for name, value in scope["state"].get("response_headers", {}).items():
                    headers.setdefault(name, value)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            log.exception("unhandled error in %s %s (%s)", scope["method"], scope["path"], rid)
            if self.on_crash is not None:
                await self.on_crash(rid, scope["method"], route_template(scope), exc)
            if started:
                raise
            crash = InternalError(
                f"Something went wrong on our side. Incident id: {rid}. "
                "Nothing was changed; it is safe to retry."
            )
            await error_response(crash, rid)(scope, receive, send_with_headers)


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _is_json(content_type: str) -> bool:
    media_type = _media_type(content_type)
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


FORM = "application/x-www-form-urlencoded"


class InputGuard:
    def __init__(
        self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES, form_prefix: str | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.form_prefix = form_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope["path"]:
            # No id holds one, and PostgreSQL text cannot: refuse it before any query.
            nul = InvalidRequest("The path must not contain NUL characters.", fields=["path"])
            await error_response(nul, request_id(scope))(scope, receive, send)
            return
        headers = Headers(scope=scope)
        length = headers.get("content-length")
        has_body = (length is not None and length != "0") or "transfer-encoding" in headers
        if not has_body:
            await self.app(scope, receive, send)
            return
        problem: PulseError | None = None
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            problem = self._too_large()
        elif not self._accepts(scope["path"], headers.get("content-type", "")):
            problem = UnsupportedMediaType(
                "Request bodies must be JSON: send Content-Type: application/json.",
                fields=["Content-Type"],
            )
        if problem is not None:
            await error_response(problem, request_id(scope))(scope, receive, send)
            return
        await self.app(scope, self._counting(receive), send)

    def _accepts(self, path: str, content_type: str) -> bool:
        if self.form_prefix is not None and path.startswith(self.form_prefix):
            return _media_type(content_type) == FORM
        return _is_json(content_type)

    def _too_large(self) -> PayloadTooLarge:
        return PayloadTooLarge(f"Request bodies are limited to {self.max_bytes} bytes.")

    def _counting(self, receive: Receive) -> Receive:
        """A chunked body has no Content-Length: count it as it arrives."""
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise HTTPException(status_code=413, detail=self._too_large().message)
            return message

        return counted
