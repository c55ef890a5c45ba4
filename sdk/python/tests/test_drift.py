"""The drift check: every /v1 operation of the server's OpenAPI document has an SDK method,
and every SDK method an operation; parameters, requests and models agree; and the live tests
called every operation on both clients (see _drift.py).

The document is fetched from $PULSE_API_BASE/openapi.json, so this fails CI as soon as the
server's API changes without the SDK. The tests after the first show that each kind of change
is caught, on copies of the document changed on purpose; the live coverage check runs last.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from _drift import (
    OperationRecorder,
    check_all,
    check_coverage,
    check_models,
    check_operations,
    check_requests,
    check_signatures,
    operations,
)
from _drift import report as drift_report
from _support import LiveEnv
from pulsehr.resources import AsyncEmployees, Employees

pytestmark = pytest.mark.live

# The live tests whose calls the coverage check counts.
LIVE_MODULES = {"test_live_resources", "test_live_async", "test_live_pagination"}


def test_the_sdk_matches_the_servers_openapi_document(
    openapi: dict[str, Any], live: LiveEnv
) -> None:
    operations = [
        op
        for path, item in openapi["paths"].items()
        if path.startswith("/v1/")
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]
    assert len(operations) >= 30, "the document lost operations: is it the Pulse API's?"
    problems = check_all(openapi)
    assert not problems, drift_report(problems, f"{live.base_url.rstrip('/')}/openapi.json")


@pytest.fixture
def doc(openapi: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(openapi)


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = doc["components"]["schemas"]
    return schemas


def test_a_new_operation_is_caught(doc: dict[str, Any]) -> None:
    doc["paths"]["/v1/employees/{employee_id}/rehire"] = {
        "post": {
            "operationId": "employees.rehire",
            "parameters": [{"name": "employee_id", "in": "path", "required": True}],
            "responses": {"200": {"description": "ok"}},
        }
    }
    problems = check_operations(doc)
    assert (
        "Pulse: no SDK method for POST /v1/employees/{employee_id}/rehire (employees.rehire)"
        in problems
    )
    assert any(p.startswith("AsyncPulse: no SDK method") for p in problems)


def test_a_removed_operation_is_caught(doc: dict[str, Any]) -> None:
    del doc["paths"]["/v1/kudos/{kudos_id}"]["get"]
    problems = check_operations(doc)
    assert "Pulse: SDK method kudos.retrieve has no operation in the document" in problems


def test_a_new_body_field_is_caught(doc: dict[str, Any]) -> None:
    _schemas(doc)["EmployeeCreate"]["properties"]["pronouns"] = {"type": "string"}
    problems = check_signatures(doc) + check_requests(doc)
    assert "employees.create: no argument for the operation's parameter `pronouns`" in problems
    assert any(p.startswith("employees.create: sends body fields") for p in problems)


def test_a_new_required_field_is_caught(doc: dict[str, Any]) -> None:
    _schemas(doc)["KudosCreate"]["required"].append("note")
    assert "kudos.create: `note` is required by the operation but has a default" in (
        check_signatures(doc)
    )


def test_a_new_query_parameter_is_caught(doc: dict[str, Any]) -> None:
    doc["paths"]["/v1/employees"]["get"]["parameters"].append(
        {"name": "team", "in": "query", "required": False, "schema": {"type": "string"}}
    )
    problems = check_signatures(doc) + check_requests(doc)
    assert "employees.list: no argument for the operation's parameter `team`" in problems
    assert any(p.startswith("employees.list: sends query") for p in problems)


def test_a_moved_path_is_caught(doc: dict[str, Any]) -> None:
    paths = doc["paths"]
    paths["/v1/standups/{entry_id}"] = paths.pop("/v1/status-log/{entry_id}")
    problems = check_requests(doc)
    sent = "status_log.retrieve: sends GET /v1/status-log/PATH-entry_id"
    assert any(p.startswith(sent) for p in problems)


def test_a_new_enum_value_is_caught(doc: dict[str, Any]) -> None:
    _schemas(doc)["LeaveKind"]["enum"].append("sabbatical")
    problems = check_signatures(doc) + check_models(doc)
    for where in ("leave.create: `kind`", "leave.list: `kind`", "Leave.kind", "KindBalance.kind"):
        assert any(p.startswith(where) for p in problems), where


def test_a_new_response_field_and_a_nullability_change_are_caught(doc: dict[str, Any]) -> None:
    _schemas(doc)["Employee"]["properties"]["pronouns"] = {"type": "string"}
    _schemas(doc)["Kudos"]["properties"]["note"] = {"type": "string"}
    _schemas(doc)["DeliveryAttempt"]["required"].remove("error")
    problems = check_models(doc)
    assert "Employee: no field for the schema's property `pronouns`" in problems
    assert "Kudos.note: nullable is False in the schema, True in the model" in problems
    assert "DeliveryAttempt.error: required is False in the schema, True in the model" in problems


def test_a_second_successful_answer_is_caught(doc: dict[str, Any]) -> None:
    responses = doc["paths"]["/v1/employees/{employee_id}"]["delete"]["responses"]
    responses["202"] = {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EmployeeChange"}}}
    }
    assert any(p.startswith("employees.offboard: returns") for p in check_models(doc))
    del doc["paths"]["/v1/employees/{employee_id}"]["patch"]["responses"]["202"]
    assert any(p.startswith("employees.update: returns") for p in check_models(doc))


def test_a_changed_answer_is_caught(doc: dict[str, Any]) -> None:
    answer = doc["paths"]["/v1/leave/{leave_id}"]["delete"]["responses"]["200"]
    answer["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/Employee"}
    assert any(p.startswith("leave.cancel: returns") for p in check_models(doc))


def test_a_method_without_an_operation_is_caught(
    openapi: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def rehire(self: object) -> None: ...

    monkeypatch.setattr(Employees, "rehire", rehire, raising=False)
    problems = check_operations(openapi)
    assert "Pulse: SDK method employees.rehire has no operation in the document" in problems
    assert any(p.startswith("Employees.with_raw_response has") for p in problems)
    assert not any(p.startswith("AsyncPulse") for p in problems)
    monkeypatch.setattr(AsyncEmployees, "rehire", rehire, raising=False)
    assert "AsyncPulse: SDK method employees.rehire has no operation in the document" in (
        check_operations(openapi)
    )


def test_an_operation_the_live_tests_never_called_is_caught(openapi: dict[str, Any]) -> None:
    every = set(operations(openapi))
    assert check_coverage(openapi, {"sync": every, "async": every}) == []
    problems = check_coverage(openapi, {"sync": every - {"kudos.retrieve"}, "async": every})
    assert problems == ["the sync live tests never called: kudos.retrieve"]
    assert check_coverage(openapi, {"sync": every, "async": set()}) == [
        f"the async live tests never called: {', '.join(sorted(every))}"
    ]


@pytest.mark.last
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_every_operation_was_reached_against_the_real_server(
    kind: str, recorder: OperationRecorder, openapi: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    ran = {getattr(getattr(i, "module", None), "__name__", "") for i in request.session.items}
    if not ran >= LIVE_MODULES:
        pytest.skip("only meaningful when every live test module runs")
    problems = check_coverage(openapi, {kind: recorder.reached[kind]})
    assert not problems, "\n".join(problems)
