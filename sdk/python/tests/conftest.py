"""Fixtures for the live tests (a real `pulse serve`, see scripts/with-test-server) and the
record of which API operations they reached, checked at the end by test_drift.py.

Without PULSE_API_BASE the live tests are skipped, unless PULSE_SDK_REQUIRE_LIVE=1 (set by
sdk/python/test), which makes them fail instead.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from _drift import OperationRecorder
from _support import LiveEnv, unique
from pulsehr import AsyncPulse, Pulse
from pulsehr.types import Employee

LIVE_VARIABLES = (
    "PULSE_API_BASE",
    "PULSE_API_KEY",
    "PULSE_TEST_PERSONAL_KEY",
    "PULSE_TEST_EMPLOYEE_ID",
    "PULSE_TEST_COLLEAGUE_ID",
    "PULSE_TEST_READ_ONLY_KEY",
    "PULSE_TEST_LIMITED_KEY",
    "PULSE_TEST_APPROVAL_KEY",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `last` run after all the others (they check what the others did)."""
    items.sort(key=lambda item: item.get_closest_marker("last") is not None)


def _live_env() -> LiveEnv:
    missing = [name for name in LIVE_VARIABLES if not os.environ.get(name)]
    if missing:
        reason = f"no test server ({missing[0]} unset): run sdk/python/test"
        if os.environ.get("PULSE_SDK_REQUIRE_LIVE") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    env = os.environ
    return LiveEnv(
        base_url=env["PULSE_API_BASE"],
        api_key=env["PULSE_API_KEY"],
        personal_key=env["PULSE_TEST_PERSONAL_KEY"],
        employee_id=env["PULSE_TEST_EMPLOYEE_ID"],
        colleague_id=env["PULSE_TEST_COLLEAGUE_ID"],
        read_only_key=env["PULSE_TEST_READ_ONLY_KEY"],
        limited_key=env["PULSE_TEST_LIMITED_KEY"],
        approval_key=env["PULSE_TEST_APPROVAL_KEY"],
    )


@pytest.fixture(scope="session")
def live() -> LiveEnv:
    return _live_env()


@pytest.fixture(scope="session")
def openapi(live: LiveEnv) -> dict[str, Any]:
    """The server's own OpenAPI document, fetched the way CI's drift check does."""
    answer = httpx.get(f"{live.base_url.rstrip('/')}/openapi.json", timeout=10)
    answer.raise_for_status()
    document: dict[str, Any] = answer.json()
    return document


RECORDER = OperationRecorder()


@pytest.fixture(scope="session")
def recorder(openapi: dict[str, Any]) -> OperationRecorder:
    RECORDER.learn(openapi)
    return RECORDER


def _sync_http(recorder: OperationRecorder) -> httpx.Client:
    return httpx.Client(event_hooks={"response": [lambda r: recorder.record("sync", r)]})


def _async_http(recorder: OperationRecorder) -> httpx.AsyncClient:
    async def hook(response: httpx.Response) -> None:
        recorder.record("async", response)

    return httpx.AsyncClient(event_hooks={"response": [hook]})


@pytest.fixture(scope="session")
def pulse(live: LiveEnv, recorder: OperationRecorder) -> Iterator[Pulse]:
    """The integration key (every scope), as a sync client."""
    http = _sync_http(recorder)
    with Pulse(api_key=live.api_key, base_url=live.base_url, http_client=http) as client:
        yield client
    http.close()


@pytest.fixture(scope="session")
def personal(live: LiveEnv, recorder: OperationRecorder) -> Iterator[Pulse]:
    """The personal key bound to PULSE_TEST_EMPLOYEE_ID, as a sync client."""
    http = _sync_http(recorder)
    with Pulse(api_key=live.personal_key, base_url=live.base_url, http_client=http) as client:
        yield client
    http.close()


@pytest.fixture(scope="session")
def approvals(live: LiveEnv, recorder: OperationRecorder) -> Iterator[Pulse]:
    """An integration key of the workspace where managers approve leave, as a sync client."""
    http = _sync_http(recorder)
    with Pulse(api_key=live.approval_key, base_url=live.base_url, http_client=http) as client:
        yield client
    http.close()


@pytest.fixture
async def aapprovals(live: LiveEnv, recorder: OperationRecorder) -> AsyncIterator[AsyncPulse]:
    """An integration key of the workspace where managers approve leave, as an async client."""
    http = _async_http(recorder)
    async with AsyncPulse(
        api_key=live.approval_key, base_url=live.base_url, http_client=http
    ) as client:
        yield client
    await http.aclose()


@pytest.fixture
async def apulse(live: LiveEnv, recorder: OperationRecorder) -> AsyncIterator[AsyncPulse]:
    """The integration key, as an async client."""
    http = _async_http(recorder)
    async with AsyncPulse(api_key=live.api_key, base_url=live.base_url, http_client=http) as c:
        yield c
    await http.aclose()


@pytest.fixture
def new_employee(pulse: Pulse) -> Callable[..., Employee]:
    """Makes a fresh employee (so journal rules — one entry a day, kudos allowance — start
    clean in every test)."""

    def make(**fields: Any) -> Employee:
        fields.setdefault("full_name", f"Test {unique()}")
        fields.setdefault("start_date", "2020-01-06")
        fields.setdefault("email", f"{unique('sdk-')}@example.com")
        return pulse.employees.create(**fields)

    return make
