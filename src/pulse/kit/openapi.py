"""The OpenAPI 3.1 document: FastAPI's, completed with what the framework cannot infer.

Every operation gets the error envelope for each error it can answer (FastAPI's own
422 validation schema is replaced: schema failures are 400 here), the headers every
response carries (`X-Request-Id`, the `X-RateLimit-*` trio), `Retry-After` on 429
and `Idempotent-Replayed` on idempotent writes.
"""

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from pulse.kit.errors import ErrorEnvelope
from pulse.kit.idempotency import HEADER as IDEMPOTENCY_KEY

ERROR_DESCRIPTIONS = {
    400: "Invalid request: the payload or parameters failed validation (`fields` lists them).",
    401: "Unauthenticated: missing, malformed, revoked or expired API key.",
    403: "Permission denied: the key lacks the scope this operation needs.",
    404: "Not found: unknown id, or one that belongs to another tenant or environment.",
    405: "Method not allowed on this path.",
    409: "Conflict: stale `version`, uniqueness clash, or an idempotency key in use.",
    413: "Payload too large: bodies are limited to 1 MiB.",
    415: "Unsupported media type: bodies must be `application/json`.",
    422: "Unprocessable: well-formed but semantically invalid (`fields` lists the culprits).",
    429: "Rate limited: retry after `Retry-After` seconds.",
    500: "Internal error: the message carries the incident id.",
    503: "Service unavailable.",
}

HEADERS: dict[str, dict[str, Any]] = {
    "X-Request-Id": {
        "description": "The request's id (`req_…`), also in error bodies.",
        "schema": {"type": "string"},
        "required": True,
    },
    "X-RateLimit-Limit": {
        "description": "Requests allowed per rolling minute for this API key.",
        "schema": {"type": "integer"},
    },
    "X-RateLimit-Remaining": {
        "description": "Requests left in the current window.",
        "schema": {"type": "integer"},
    },
    "X-RateLimit-Reset": {
        "description": "When another request becomes available (RFC 3339, UTC).",
        "schema": {"type": "string", "format": "date-time"},
    },
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer"},
        "required": True,
    },
    "Retry-After-In-Flight": {
        "description": "Only on the 409 for an `Idempotency-Key` whose first request is still "
        "running: seconds to wait before retrying. Other 409s are final.",
        "schema": {"type": "integer"},
    },
    "WWW-Authenticate": {
        "description": "The scheme to authenticate with: `Bearer`.",
        "schema": {"type": "string"},
        "required": True,
    },
    "Idempotent-Replayed": {
        "description": "`true` when this answer is the replay of an earlier request "
        "with the same `Idempotency-Key`.",
        "schema": {"type": "string", "enum": ["true"]},
    },
}
RATE_LIMIT_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {"model": ErrorEnvelope, "description": ERROR_DESCRIPTIONS[status]}
        for status in statuses
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/headers/{name}"}


def _simplify_optional(parameter: dict[str, Any]) -> None:
    """An absent query parameter is how "no value" is said: drop `null` from its schema."""
    schema = parameter.get("schema", {})
    variants = schema.get("anyOf")
    if not variants:
        return
    kept = [variant for variant in variants if variant != {"type": "null"}]
    if len(kept) == 1 and len(kept) < len(variants):
        del schema["anyOf"]
        schema.update(kept[0])


def _takes_idempotency_key(operation: dict[str, Any]) -> bool:
    return any(
        parameter.get("in") == "header" and parameter.get("name") == IDEMPOTENCY_KEY
        for parameter in operation.get("parameters", [])
    )


def _declare_error(responses: dict[str, Any], status: int) -> None:
    """The envelope response for `status`, unless the route declared it itself."""
    responses.setdefault(
        str(status),
        {
            "description": ERROR_DESCRIPTIONS[status],
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}
            },
        },
    )


def _complete_operation(method: str, operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        _simplify_optional(parameter)
    responses: dict[str, Any] = operation.get("responses", {})
    if _takes_idempotency_key(operation):
        # A key reused for another request, or still in flight, answers 409 on any
        # write that takes one, whether or not the route itself can conflict.
        _declare_error(responses, 409)
    validation = responses.get("422", {})
    schema_ref = str(validation.get("content", {}).get("application/json", {}).get("schema", {}))
    if "HTTPValidationError" in schema_ref:
        del responses["422"]
    authenticated = "security" in operation
    for status, response in responses.items():
        headers = response.setdefault("headers", {})
        headers["X-Request-Id"] = _ref("X-Request-Id")
        if authenticated:
            for name in RATE_LIMIT_HEADERS:
                headers[name] = _ref(name)
        if status == "429":
            headers["Retry-After"] = _ref("Retry-After")
        if status == "409":
            headers["Retry-After"] = _ref("Retry-After-In-Flight")
        if status == "401":
            headers["WWW-Authenticate"] = _ref("WWW-Authenticate")
        if method in ("post", "delete") and status.startswith("2"):
            headers["Idempotent-Replayed"] = _ref("Idempotent-Replayed")


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """The document, built once per app. `app.state.event_payloads` names the models no
    route answers but events carry (the catalogue names them): they join the components."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version="3.1.0",
        summary=app.summary,
        description=app.description,
        routes=app.routes,
        servers=[{"url": "https://api.pulsehr.it", "description": "Pulse HR cloud"}],
    )
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            _complete_operation(method, operation)
    components = schema.setdefault("components", {})
    components["headers"] = HEADERS
    payloads: Sequence[type[BaseModel]] = getattr(app.state, "event_payloads", ())
    if payloads:
        _, extra = models_json_schema(
            [(model, "serialization") for model in payloads],
            ref_template="#/components/schemas/{model}",
        )
        for name, definition in extra.get("$defs", {}).items():
            components.setdefault("schemas", {}).setdefault(name, definition)
    for unused in ("HTTPValidationError", "ValidationError"):
        components.get("schemas", {}).pop(unused, None)
    app.openapi_schema = schema
    return schema


__all__ = ["build_openapi", "error_responses"]
