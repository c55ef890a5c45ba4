"""The published OpenAPI 3.1 document: valid, complete, and carrying the conventions.

Every assertion loops over all operations, so resources added later are covered
without touching this file.
"""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

Document = dict[str, Any]
Operation = tuple[str, str, dict[str, Any]]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
COMMON_ERRORS = ("400", "401", "403", "429", "500")
RATE_LIMIT_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
ERROR_ENVELOPE = {"$ref": "#/components/schemas/ErrorEnvelope"}
# The document does not describe the route that serves it.
SELF = "/v1/openapi.json"


@pytest.fixture
async def document(client: httpx.AsyncClient) -> Document:
    response = await client.get(SELF)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: Document = response.json()
    return body


def operations(document: Document) -> Iterator[Operation]:
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def resolve(document: Document, node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (as many times as it takes)."""
    while "$ref" in node:
        ref: str = node["$ref"]
        assert ref.startswith("#/"), ref
        target: Any = document
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def header_names(document: Document, response: dict[str, Any]) -> set[str]:
    """The headers a response declares, each checked to resolve to a header object."""
    headers = response.get("headers", {})
    for name, header in headers.items():
        assert "schema" in resolve(document, header), (name, header)
    return set(headers)


def responses(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = operation["responses"]
    return result


def label(path: str, method: str) -> str:
    return f"{method.upper()} {path}"


def test_document_is_valid_openapi_3_1(document: Document) -> None:
    assert document["openapi"].startswith("3.1.")
    validate(document, cls=OpenAPIV31SpecValidator)


def test_every_operation_has_a_unique_operation_id(document: Document) -> None:
    seen: dict[str, str] = {}
    for path, method, operation in operations(document):
        operation_id = operation.get("operationId")
        assert operation_id, f"{label(path, method)} has no operationId"
        assert operation_id not in seen, (
            f"{label(path, method)} reuses operationId {operation_id!r} of {seen[operation_id]}"
        )
        seen[operation_id] = label(path, method)
    assert seen


def test_every_response_declares_the_request_id_header(document: Document) -> None:
    for path, method, operation in operations(document):
        for status, response in responses(operation).items():
            assert "X-Request-Id" in header_names(document, response), (
                label(path, method),
                status,
            )


def test_authenticated_operations_declare_the_common_errors(document: Document) -> None:
    authenticated = [op for op in operations(document) if "security" in op[2]]
    assert authenticated
    for path, method, operation in authenticated:
        declared = responses(operation)
        for status in COMMON_ERRORS:
            where = (label(path, method), status)
            assert status in declared, where
            response = resolve(document, declared[status])
            assert response["content"]["application/json"]["schema"] == ERROR_ENVELOPE, where
            assert {"X-Request-Id", *RATE_LIMIT_HEADERS} <= header_names(document, response), where


def test_every_error_response_is_the_envelope(document: Document) -> None:
    for path, method, operation in operations(document):
        for status, response in responses(operation).items():
            if status.startswith(("4", "5")):
                content = resolve(document, response)["content"]
                assert content == {"application/json": {"schema": ERROR_ENVELOPE}}, (
                    label(path, method),
                    status,
                )


def test_rate_limited_responses_carry_retry_after(document: Document) -> None:
    found = 0
    for path, method, operation in operations(document):
        if "429" in responses(operation):
            found += 1
            headers = header_names(document, responses(operation)["429"])
            assert "Retry-After" in headers, label(path, method)
    assert found


def test_idempotent_writes_declare_the_key_and_the_replay_header(document: Document) -> None:
    writes = [op for op in operations(document) if op[1] in ("post", "delete")]
    assert writes
    for path, method, operation in writes:
        parameters = [resolve(document, p) for p in operation.get("parameters", [])]
        assert any(
            p["in"] == "header" and p["name"].lower() == "idempotency-key" for p in parameters
        ), label(path, method)
        # A key reused for another request (or still in flight) answers 409.
        assert "409" in responses(operation), label(path, method)
        successes = {s: r for s, r in responses(operation).items() if s.startswith("2")}
        assert successes, label(path, method)
        for status, response in successes.items():
            headers = header_names(document, response)
            assert "Idempotent-Replayed" in headers, (label(path, method), status)


def test_operations_with_a_body_declare_413_and_415(document: Document) -> None:
    with_body = [op for op in operations(document) if op[1] in ("post", "patch")]
    assert with_body
    for path, method, operation in with_body:
        for status in ("413", "415"):
            assert status in responses(operation), (label(path, method), status)


def test_bearer_security_scheme(document: Document) -> None:
    schemes = document["components"]["securitySchemes"]
    bearer = [s for s in schemes.values() if s.get("type") == "http"]
    assert any(s.get("scheme", "").lower() == "bearer" for s in bearer), schemes
    # Every requirement an operation names is a scheme that exists.
    for path, method, operation in operations(document):
        for requirement in operation.get("security", []):
            assert set(requirement) <= set(schemes), label(path, method)


def test_framework_validation_schemas_are_gone(document: Document) -> None:
    schemas = document["components"].get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        assert name not in schemas
        assert f"#/components/schemas/{name}" not in _refs(document)


def test_pattern_properties_are_closed(document: Document) -> None:
    """`patternProperties` alone lets any other key through; the API refuses them."""
    for schema in _subschemas(document["components"].get("schemas", {})):
        if "patternProperties" in schema:
            assert schema.get("additionalProperties") is False, schema


def _subschemas(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _subschemas(value)
    elif isinstance(node, list):
        for item in node:
            yield from _subschemas(item)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_every_reference_resolves(document: Document) -> None:
    for ref in set(_refs(document)):
        resolve(document, {"$ref": ref})


def test_document_lists_every_served_v1_route(app: FastAPI, document: Document) -> None:
    served = set()
    # FastAPI keeps included routers as one entry each in `app.routes`; the route
    # contexts are the flattened routes it actually matches requests against.
    for route in iter_route_contexts(app.routes):
        path = route.path or ""
        methods = route.methods or set()
        if path.startswith("/v1/") and path != SELF:
            served |= {(path, m.lower()) for m in methods if m not in ("HEAD", "OPTIONS")}
    documented = {(path, method) for path, method, _ in operations(document)}
    assert served, "no /v1 routes found"
    assert served - documented == set(), "served but not documented"
    assert {op for op in documented if op[0].startswith("/v1/")} - served == set(), (
        "documented but not served"
    )
