"""Each error class, raised by a real error of a real server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

import pulsehr
from _support import LiveEnv, unique
from pulsehr import (
    APIError,
    AsyncPulse,
    AuthenticationError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    Pulse,
    RateLimitError,
    UnauthenticatedError,
    UnprocessableEntityError,
)
from pulsehr.types import Employee

pytestmark = pytest.mark.live


def _assert_envelope(error: APIError, status: int, code: str) -> None:
    assert error.status_code == status
    assert error.code == code
    assert error.message
    assert error.request_id is not None and error.request_id.startswith("req_")
    assert error.headers["X-Request-Id"] == error.request_id
    assert isinstance(error.body, dict) and error.body["error"]["code"] == code
    assert code in str(error) and error.request_id in str(error)


def test_400_invalid_request(pulse: Pulse) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        pulse.employees.create(
            full_name="Bad Fields", start_date="2020-01-06", custom_fields={"Bad-Key": "x"}
        )
    _assert_envelope(caught.value, 400, "invalid_request")
    assert caught.value.fields == ["custom_fields.Bad-Key"]

    with pytest.raises(InvalidRequestError) as caught:
        pulse.employees.list(cursor="not-a-cursor")
    assert caught.value.fields == ["cursor"]


def test_401_unauthenticated(live: LiveEnv) -> None:
    with (
        Pulse(api_key="pk_test_not_a_real_key", base_url=live.base_url) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.employees.list()
    _assert_envelope(caught.value, 401, "unauthenticated")
    assert UnauthenticatedError is AuthenticationError


def test_403_permission_denied_for_a_read_only_key(live: LiveEnv) -> None:
    with Pulse(api_key=live.read_only_key, base_url=live.base_url) as client:
        assert client.employees.list(limit=1).data  # reading is allowed
        with pytest.raises(PermissionDeniedError) as caught:
            client.employees.create(full_name="Nope", start_date="2020-01-06")
    _assert_envelope(caught.value, 403, "permission_denied")


def test_403_personal_key_acting_for_someone_else(personal: Pulse, live: LiveEnv) -> None:
    with pytest.raises(PermissionDeniedError):
        personal.status_log.create(employee_id=live.colleague_id, lines=["Not mine to write."])


def test_404_not_found(pulse: Pulse) -> None:
    with pytest.raises(NotFoundError) as caught:
        pulse.employees.retrieve("emp_01HR3V6Q9X1M2N3P4Q5R6S7T8X")
    _assert_envelope(caught.value, 404, "not_found")


def test_409_conflict_on_a_stale_version(
    pulse: Pulse, new_employee: Callable[..., Employee]
) -> None:
    person = new_employee()
    pulse.employees.update(person.id, role="First", version=person.version)
    with pytest.raises(ConflictError) as caught:
        pulse.employees.update(person.id, role="Second", version=person.version)
    _assert_envelope(caught.value, 409, "conflict")
    assert caught.value.fields == ["version"]
    assert "Retry-After" not in caught.value.headers  # a final 409: not retried


def test_409_conflict_when_an_idempotency_key_is_reused(
    pulse: Pulse, new_employee: Callable[..., Employee]
) -> None:
    person = new_employee()
    key = unique("reuse-")
    pulse.workload_checkins.create(employee_id=person.id, level="light", idempotency_key=key)
    with pytest.raises(ConflictError) as caught:
        pulse.workload_checkins.create(employee_id=person.id, level="heavy", idempotency_key=key)
    assert caught.value.fields == ["Idempotency-Key"]


def test_413_payload_too_large(pulse: Pulse) -> None:
    with pytest.raises(PayloadTooLargeError) as caught:
        pulse.employees.create(
            full_name="Huge", start_date="2020-01-06", extra_body={"padding": "x" * 1_100_000}
        )
    _assert_envelope(caught.value, 413, "payload_too_large")


def test_422_unprocessable_entity(pulse: Pulse, new_employee: Callable[..., Employee]) -> None:
    person = new_employee()
    with pytest.raises(UnprocessableEntityError) as caught:
        pulse.leave.create(
            employee_id=person.id,
            kind="vacation",
            start_date=dt.date(2025, 5, 8),
            end_date=dt.date(2025, 5, 4),
        )
    _assert_envelope(caught.value, 422, "unprocessable_entity")
    assert caught.value.fields == ["end_date"]
    assert caught.value.message == "end_date must be after start_date"


async def test_async_client_raises_the_same_classes(apulse: AsyncPulse) -> None:
    with pytest.raises(NotFoundError):
        await apulse.leave.retrieve("lv_01HR3V6Q9X1M2N3P4Q5R6S7T8W")
    with pytest.raises(InvalidRequestError):
        await apulse.employees.list(limit=0)


def test_429_rate_limited_with_retry_after_and_rate_limit_headers(live: LiveEnv) -> None:
    """The limited key allows 3 requests a minute: the figures count down, then 429."""
    with Pulse(api_key=live.limited_key, base_url=live.base_url, max_retries=0) as client:
        first = client.event_types.with_raw_response.list()
        limits = first.rate_limit
        assert limits.limit == 3
        assert limits.remaining == 2
        assert limits.reset is not None and limits.reset.tzinfo is not None
        client.event_types.list()
        client.event_types.list()
        with pytest.raises(RateLimitError) as caught:
            client.event_types.list()
    error = caught.value
    _assert_envelope(error, 429, "rate_limited")
    assert error.retry_after is not None and 0 < error.retry_after <= 60
    assert error.rate_limit.remaining == 0
    assert isinstance(error, pulsehr.APIStatusError)
