"""Every error the server can produce leaves in the envelope, with its status and code."""

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from pulse.app import create_app
from tests.support.api import Api, Tenants, assert_error
from tests.support.environment import make_settings

MIB = 1024 * 1024


async def test_400_invalid_request_lists_every_failing_field(api: Api) -> None:
    response = await api.post(
        "/v1/employees", json={"full_name": "", "email": "x", "country": "ZZ", "shoe": 42}
    )
    error = assert_error(response, 400, "invalid_request")
    assert error["fields"] == ["full_name", "email", "start_date", "country", "shoe"]
    for field in error["fields"]:
        assert field in error["message"]


async def test_400_for_json_that_does_not_parse(api: Api) -> None:
    response = await api.post(
        "/v1/employees", content=b'{"full_name": ', headers={"Content-Type": "application/json"}
    )
    error = assert_error(response, 400, "invalid_request", ["body"])
    assert "JSON" in error["message"]


async def test_400_for_a_missing_body(api: Api) -> None:
    assert_error(await api.post("/v1/employees"), 400, "invalid_request", ["body"])


async def test_401_unauthenticated(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/v1/employees"), 401, "unauthenticated", [])


async def test_403_permission_denied(tenants: Tenants) -> None:
    reader = await tenants.new(scopes=("read:employees",))
    response = await reader.post(
        "/v1/employees", json={"full_name": "A", "start_date": "2024-01-01"}
    )
    error = assert_error(response, 403, "permission_denied")
    assert "write:employees" in error["message"]


async def test_404_for_an_unknown_id_and_an_unknown_route(api: Api) -> None:
    assert_error(await api.get("/v1/employees/emp_nope"), 404, "not_found")
    error = assert_error(await api.get("/v1/payroll"), 404, "not_found")
    assert "/v1/payroll" in error["message"]


async def test_405_for_a_wrong_method(api: Api) -> None:
    response = await api.request("PUT", "/v1/employees")
    error = assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET, POST"
    assert "PUT" in error["message"]


async def test_409_conflict(api: Api) -> None:
    employee = await api.create_employee()
    response = await api.patch(f"/v1/employees/{employee['id']}", json={"role": "x", "version": 7})
    assert_error(response, 409, "conflict", ["version"])


async def test_413_for_a_body_over_one_mebibyte(api: Api) -> None:
    padding = "x" * MIB
    response = await api.post(
        "/v1/employees",
        content=f'{{"full_name": "{padding}"}}'.encode(),
        headers={"Content-Type": "application/json"},
    )
    error = assert_error(response, 413, "payload_too_large")
    assert "1048576" in error["message"]


async def test_413_for_a_chunked_body_over_one_mebibyte(api: Api) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"full_name": "'
        for _ in range(17):
            yield b"x" * 65536
        yield b'"}'

    response = await api.post(
        "/v1/employees", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert_error(response, 413, "payload_too_large")


async def test_a_body_just_under_the_limit_is_read(api: Api) -> None:
    body = b'{"full_name": "' + b"x" * (MIB - 100) + b'"}'
    response = await api.post(
        "/v1/employees", content=body, headers={"Content-Type": "application/json"}
    )
    # Read and validated (the name is too long), not refused for its size.
    assert_error(response, 400, "invalid_request")


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
async def test_415_for_a_body_that_is_not_json(api: Api, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    request = api.http.build_request(
        "POST", "/v1/employees", content=b'{"full_name": "A"}', headers={**api.headers, **headers}
    )
    assert request.headers.get("content-type") == content_type
    response = await api.http.send(request)
    assert_error(response, 415, "unsupported_media_type", ["Content-Type"])


async def test_json_with_a_charset_is_accepted(api: Api) -> None:
    response = await api.post(
        "/v1/employees",
        content=b'{"full_name": "A", "start_date": "2024-01-01"}',
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 201


async def test_422_unprocessable_entity(api: Api) -> None:
    response = await api.post(
        "/v1/employees",
        json={"full_name": "A", "start_date": "2024-02-02", "end_date": "2024-02-01"},
    )
    error = assert_error(response, 422, "unprocessable_entity", ["end_date"])
    assert error["message"] == "end_date must be after start_date"


async def test_429_rate_limited(tenants: Tenants) -> None:
    workspace = await tenants.workspace(rate_limit=2)
    api = await tenants.key(workspace)
    first = await api.get("/v1/employees")
    assert first.headers["x-ratelimit-limit"] == "2"
    assert first.headers["x-ratelimit-remaining"] == "1"
    assert (await api.get("/v1/employees")).headers["x-ratelimit-remaining"] == "0"
    response = await api.get("/v1/employees")
    assert_error(response, 429, "rate_limited")
    assert 1 <= int(response.headers["retry-after"]) <= 60
    assert response.headers["x-ratelimit-remaining"] == "0"


async def test_500_internal_error_carries_the_incident_id_and_no_trace(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A database without the schema makes every query fail: a real crash.
    broken = create_app(make_settings(f"sqlite:///{tmp_path / 'empty.db'}"))
    transport = httpx.ASGITransport(app=broken)
    async with httpx.AsyncClient(transport=transport, base_url="http://pulse.test") as http:
        with caplog.at_level(logging.ERROR, logger="pulse.errors"):
            response = await http.get(
                "/v1/employees", headers={"Authorization": "Bearer pk_test_" + "a" * 40}
            )
    error = assert_error(response, 500, "internal_error", [])
    assert error["request_id"] in error["message"]
    assert "Traceback" not in response.text
    assert "sqlite" not in response.text.lower()
    assert any(error["request_id"] in record.getMessage() for record in caplog.records)
    await broken.state.runtime.engine.dispose()


async def test_every_response_carries_a_request_id(client: httpx.AsyncClient, api: Api) -> None:
    responses = [
        await client.get("/healthz"),
        await client.get("/v1/openapi.json"),
        await client.get("/nowhere"),
        await api.get("/v1/employees"),
    ]
    ids = [response.headers["x-request-id"] for response in responses]
    assert all(rid.startswith("req_") for rid in ids)
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    ("method", "path", "body", "params", "field"),
    [
        (
            "POST",
            "/v1/employees",
            {"full_name": "A\u0000B", "start_date": "2024-01-01"},
            None,
            "full_name",
        ),
        (
            "POST",
            "/v1/employees",
            {"full_name": "A", "start_date": "2024-01-01", "custom_fields": {"a": "x\u0000"}},
            None,
            "custom_fields",
        ),
        ("GET", "/v1/employees", None, {"department": "\u0000"}, "department"),
        ("GET", "/v1/employees", None, {"q": "a\u0000"}, "q"),
        ("GET", "/v1/kudos", None, {"to_employee_id": "\u0000"}, "to_employee_id"),
        ("GET", "/v1/employees/emp%00x", None, None, "path"),
        ("GET", "/v1/leave/balance/emp%00x", None, None, "path"),
    ],
)
async def test_nul_characters_are_refused_everywhere(
    api: Api,
    method: str,
    path: str,
    body: dict[str, object] | None,
    params: dict[str, str] | None,
    field: str,
) -> None:
    # PostgreSQL text cannot hold NUL: both databases must answer the same 400.
    response = await api.request(method, path, json=body, params=params)
    assert_error(response, 400, "invalid_request", [field])
