"""Fuzz the real server from its own OpenAPI document with schemathesis.

A schemathesis run (the engine `schemathesis run` drives: coverage, fuzzing and
stateful phases, plus examples when the document has some) goes over TCP against a
real `pulse serve`. It loads the document from the server and authenticates with an
all-scopes key of a workspace that already has a few employees. Parameters and body
fields naming an employee (`employee_id`, `manager_id`, ...) are drawn half of the time
from those employees, so reads, updates and journal entries reach real rows rather
than only answering 404 or 422.

Why the engine rather than `@schema.parametrize()`: the live URL and the key exist
only once fixtures have run, and `schemathesis.pytest.from_fixture` (4.32.5) fails on
pytest 9.2 (it rewrites `Function._nodeid`, which pytest no longer has).

Bounded and reproducible: a fixed seed, derandomized generation, a few generated
examples per operation and short stateful scenarios.
"""

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from schemathesis import BaseSchema, Case, CheckContext, Response
from schemathesis.checks import CHECKS
from schemathesis.engine import events, from_schema

from tests.support.api import Tenants
from tests.support.servers import Server

SEED = 20260420
MAX_EXAMPLES = 20
MAX_STEPS = 10
EMPLOYEES = 5
SCHEDULED_CHANGES = 20
# Parameters and body fields that name an employee, wherever an operation has them.
EMPLOYEE_REFERENCES = ("employee_id", "manager_id", "from_employee_id", "to_employee_id")
# The run makes a few thousand requests on one key within a minute, more than the
# default 1,000/min; a raised limit (rather than 0, unlimited) keeps the rate-limit
# headers on every authenticated answer, so they are checked against the document.
RATE_LIMIT_PER_MINUTE = 100_000
ENVELOPE_CHECK = "error_bodies_are_the_envelope"
FRAMING_HEADERS = frozenset({"transfer-encoding", "content-length", "host", "connection"})
CHECKS_RUN = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    ENVELOPE_CHECK,
)


def error_bodies_are_the_envelope(ctx: CheckContext, response: Response, case: Case) -> None:
    """Every 4xx answers exactly `{"error": {code, message, fields, request_id}}`."""
    if not 400 <= response.status_code < 500:
        return
    body: Any = response.json()
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert isinstance(error, dict), body
    assert set(error) == {"code", "message", "fields", "request_id"}, error
    assert isinstance(error["code"], str) and error["code"], error
    assert isinstance(error["message"], str) and error["message"], error
    assert isinstance(error["fields"], list), error
    assert all(isinstance(field, str) for field in error["fields"]), error
    assert isinstance(error["request_id"], str), error
    assert error["request_id"].startswith("req_"), error
    request_ids = response.headers.get("x-request-id", [])
    if response.headers.get("idempotent-replayed") == ["true"]:
        # A replay answers the first request's stored body verbatim (PRODUCT.md §3),
        # so its request_id names that first request, not this retry.
        assert len(request_ids) == 1, response.headers
    else:
        assert request_ids == [error["request_id"]], (error, response.headers)


@pytest.fixture
def envelope_check() -> Iterator[None]:
    """Register the check for this test only: schemathesis keeps checks process-wide."""
    schemathesis.check(error_bodies_are_the_envelope)
    yield
    CHECKS.unregister(ENVELOPE_CHECK)


@pytest.fixture
async def fuzz_schema(server: Server, tenants: Tenants) -> BaseSchema:
    workspace = await tenants.workspace("Fuzz", rate_limit=RATE_LIMIT_PER_MINUTE)
    api = await tenants.key(workspace)
    manager = await tenants.employee(api.tenant, full_name="Fuzz Manager")
    ids = [manager] + [
        await tenants.employee(api.tenant, full_name=f"Fuzz {n}", manager_id=manager)
        for n in range(EMPLOYEES - 1)
    ]
    # A former employee, whom erasure accepts.
    ids.append(await tenants.employee(api.tenant, full_name="Fuzz Former", end_date="2024-01-01"))
    # Scheduled changes, which cancelling accepts (once each).
    change_ids = []
    for n in range(SCHEDULED_CHANGES):
        scheduled = await api.patch(
            f"/v1/employees/{ids[n % EMPLOYEES]}",
            json={"role": f"Fuzz role {n}", "effective_date": "2199-01-01"},
        )
        assert scheduled.status_code == 202, scheduled.text
        change_ids.append(scheduled.json()["id"])
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "base-url": server.base_url,
            "auth": {"openapi": {"ApiKey": {"bearer": api.secret}}},
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
            "phases": {"stateful": {"max-steps": MAX_STEPS}},
            "dictionaries": {
                "employee_ids": {"values": ids},
                "change_ids": {"values": change_ids},
            },
            "parameters": {
                **{
                    f"{where}.{name}": {"dictionary": "employee_ids", "probability": 0.5}
                    for where in ("path", "query", "body")
                    for name in EMPLOYEE_REFERENCES
                },
                "path.change_id": {"dictionary": "change_ids", "probability": 0.5},
            },
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS_RUN}},
        }
    )
    schema = schemathesis.openapi.from_url(f"{server.base_url}/v1/openapi.json", config=config)

    @schema.hook
    def filter_headers(_: Any, headers: dict[str, Any] | None) -> bool:
        # Negative cases add headers of random names; one that frames the message
        # (`Transfer-Encoding: (xQe`) never reaches the app: uvicorn refuses the
        # request itself, in plain text, as any HTTP server must.
        return not FRAMING_HEADERS & {name.lower() for name in headers or {}}

    return schema


def check_failures(event: events.ScenarioFinished) -> Iterator[str]:
    for nodes in event.recorder.checks.values():
        for node in nodes:
            if node.failure_info is not None:
                failure = node.failure_info.failure
                yield (
                    f"[{event.phase.value}] {failure.operation}: {node.name}: {failure.title}\n"
                    f"{failure.message}\n{node.failure_info.code_sample}"
                )


def answers(event: events.ScenarioFinished) -> Iterator[tuple[Case, int]]:
    recorder = event.recorder
    for case_id, interaction in recorder.interactions.items():
        if interaction.response is not None:
            yield recorder.cases[case_id].value, interaction.response.status_code


def test_fuzz(fuzz_schema: BaseSchema, envelope_check: None) -> None:
    problems: list[str] = []
    statuses: dict[str, set[int]] = defaultdict(set)
    finished: events.EngineFinished | None = None
    for event in from_schema(fuzz_schema).execute():
        if isinstance(event, events.ScenarioFinished):
            problems += check_failures(event)
            for case, status in answers(event):
                statuses[f"{case.operation.method.upper()} {case.operation.path}"].add(status)
        elif isinstance(event, events.NonFatalError):
            problems.append(f"error in {event.label}: {event.info.format()}")
        elif isinstance(event, events.FatalError):
            problems.append(f"fatal error: {event.exception!r}")
        elif isinstance(event, events.EngineFinished):
            finished = event
    assert finished is not None, "the run did not finish"
    problems += [f"{failure.operation}: {failure.title}" for failure in finished.failures]
    assert not problems, "\n\n".join(dict.fromkeys(problems))

    # The run really exercised the API: every operation was called, and the ones by
    # employee id reached the seeded rows (so auth and the id dictionary worked).
    for path, item in fuzz_schema.raw_schema["paths"].items():
        for method in item.keys() & {"get", "put", "post", "patch", "delete"}:
            label = f"{method.upper()} {path}"
            assert statuses[label], f"{label} was never called"
            if "{employee_id}" in path:
                assert any(200 <= s < 300 for s in statuses[label]), (label, statuses[label])
