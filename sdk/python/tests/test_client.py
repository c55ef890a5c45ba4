"""Client options, what goes on the wire, and how answers are read (MockTransport, no network)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx
import pytest

import pulsehr
from _support import BASE_URL, EMPLOYEE
from pulsehr import (
    NOT_GIVEN,
    APIError,
    APIResponseValidationError,
    AsyncPulse,
    InternalServerError,
    MethodNotAllowedError,
    PayloadTooLargeError,
    Pulse,
    PulseError,
    ServiceUnavailableError,
    UnsupportedMediaTypeError,
)


class Recorder:
    def __init__(self, answer: httpx.Response | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.answer = answer

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.answer is not None:
            return self.answer
        if request.url.path.endswith(("/employees", "/leave", "/events")) and (
            request.method == "GET"
        ):
            return httpx.Response(200, json={"data": [], "next_cursor": None, "total_count": 0})
        return httpx.Response(200, json=EMPLOYEE)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def body(self) -> Any:
        return json.loads(self.last.content)


def make(recorder: Recorder, **options: Any) -> Pulse:
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    options.setdefault("api_key", "pk_test_secret")
    options.setdefault("base_url", BASE_URL)
    return Pulse(http_client=http, **options)


# --- configuration --------------------------------------------------------------------------


def test_api_key_and_base_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE_API_KEY", "pk_test_from_env")
    monkeypatch.setenv("PULSE_API_BASE", "https://pulse.internal/v1")
    pulse = Pulse()
    assert pulse.api_key == "pk_test_from_env"
    assert str(pulse.base_url) == "https://pulse.internal/v1/"
    assert AsyncPulse().api_key == "pk_test_from_env"


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE_API_KEY", "pk_test_from_env")
    monkeypatch.setenv("PULSE_API_BASE", "https://pulse.internal/v1")
    pulse = Pulse(api_key="pk_test_arg", base_url="http://127.0.0.1:8080/v1/")
    assert pulse.api_key == "pk_test_arg"
    assert str(pulse.base_url) == "http://127.0.0.1:8080/v1/"


def test_default_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PULSE_API_BASE", raising=False)
    assert str(Pulse(api_key="k").base_url) == "https://api.pulsehr.it/v1/"
    assert pulsehr.DEFAULT_BASE_URL == "https://api.pulsehr.it/v1"


def test_a_missing_api_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PULSE_API_KEY", raising=False)
    with pytest.raises(PulseError, match="PULSE_API_KEY"):
        Pulse()
    with pytest.raises(PulseError, match="PULSE_API_KEY"):
        AsyncPulse()


def test_repr_does_not_show_the_key() -> None:
    assert "pk_test_secret" not in repr(Pulse(api_key="pk_test_secret", base_url=BASE_URL))


def test_negative_max_retries_is_refused() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        Pulse(api_key="k", max_retries=-1)


def test_with_options_shares_the_pool_and_closing_a_copy_keeps_it_open() -> None:
    recorder = Recorder()
    pulse = Pulse(api_key="k", base_url=BASE_URL)
    copy = pulse.with_options(max_retries=7, default_headers={"X-Team": "people"})
    assert copy.max_retries == 7 and copy.api_key == "k"
    copy.close()
    assert not pulse.is_closed
    pulse.close()
    assert pulse.is_closed
    yours = httpx.Client(transport=httpx.MockTransport(recorder))
    Pulse(api_key="k", base_url=BASE_URL, http_client=yours).close()
    assert not yours.is_closed  # the caller's client stays the caller's to close


# --- what is sent ---------------------------------------------------------------------------


def test_every_request_carries_auth_accept_and_user_agent() -> None:
    recorder = Recorder()
    make(recorder, default_headers={"X-Team": "people"}).employees.retrieve("emp_1")
    headers = recorder.last.headers
    assert headers["Authorization"] == "Bearer pk_test_secret"
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"] == f"pulsehr-python/{pulsehr.__version__}"
    assert headers["X-Team"] == "people"
    assert recorder.last.url == "https://pulse.test/v1/employees/emp_1"


def test_path_ids_are_encoded_and_must_not_be_empty() -> None:
    recorder = Recorder()
    pulse = make(recorder)
    pulse.employees.retrieve("emp/../1")
    assert recorder.last.url.raw_path == b"/v1/employees/emp%2F..%2F1"
    with pytest.raises(ValueError, match="employee_id"):
        pulse.employees.retrieve("")
    pulse.employees.retrieve("..")
    assert recorder.last.url.raw_path == b"/v1/employees/%2E%2E"


def test_patch_sends_only_given_arguments_and_none_clears() -> None:
    recorder = Recorder()
    pulse = make(recorder)
    pulse.employees.update("emp_1", role=None, department="Research", version=NOT_GIVEN)
    assert recorder.last.method == "PATCH"
    assert recorder.body() == {"role": None, "department": "Research"}
    assert recorder.last.headers["Content-Type"] == "application/json"
    pulse.employees.update("emp_1")
    assert recorder.body() == {}


def test_create_serialises_dates_and_leaves_out_what_was_not_given() -> None:
    recorder = Recorder()
    make(recorder).employees.create(
        full_name="Ada", start_date=dt.date(2026, 1, 12), end_date=None, custom_fields={"a": 1}
    )
    assert recorder.body() == {
        "full_name": "Ada",
        "start_date": "2026-01-12",
        "end_date": None,
        "custom_fields": {"a": 1},
    }


def test_query_parameters_are_serialised_and_none_filters_are_dropped() -> None:
    recorder = Recorder()
    pulse = make(recorder)
    since = dt.datetime(2026, 4, 20, 10, 0, tzinfo=dt.timezone.utc)
    pulse.events.list(delivery_failed=False, created_from=since, type=None, limit=10)
    assert dict(recorder.last.url.params) == {
        "delivery_failed": "false",
        "created_from": "2026-04-20T10:00:00+00:00",
        "limit": "10",
    }
    pulse.leave.list(from_=dt.date(2026, 5, 1), to="2026-05-31")
    assert dict(recorder.last.url.params) == {"from": "2026-05-01", "to": "2026-05-31"}


def test_extra_headers_query_and_body() -> None:
    recorder = Recorder()
    make(recorder).employees.create(
        full_name="Ada",
        start_date="2026-01-12",
        extra_headers={"X-Trace": "1"},
        extra_query={"dry_run": True},
        extra_body={"nickname": "Countess"},
    )
    assert recorder.last.headers["X-Trace"] == "1"
    assert recorder.last.url.params["dry_run"] == "true"
    assert recorder.body()["nickname"] == "Countess"


def test_posts_without_arguments_send_no_body() -> None:
    recorder = Recorder(httpx.Response(202, json={"data": []}))
    make(recorder).events.replay("evt_1")
    assert recorder.last.content == b""
    assert "Content-Type" not in recorder.last.headers
    make(recorder).events.replay("evt_1", endpoint_id="we_1")
    assert recorder.body() == {"endpoint_id": "we_1"}


# --- how answers are read -------------------------------------------------------------------


def test_unknown_fields_in_answers_are_kept() -> None:
    recorder = Recorder(httpx.Response(200, json={**EMPLOYEE, "pronouns": "she/her"}))
    employee = make(recorder).employees.retrieve("emp_1")
    assert employee.model_extra == {"pronouns": "she/her"}
    assert employee.to_dict()["pronouns"] == "she/her"
    assert json.loads(employee.to_json())["start_date"] == "2020-01-06"


def test_an_answer_that_is_not_the_documented_type() -> None:
    recorder = Recorder(httpx.Response(200, json={"id": "emp_1"}))
    with pytest.raises(APIResponseValidationError, match="Employee"):
        make(recorder).employees.retrieve("emp_1")
    recorder = Recorder(httpx.Response(200, json={"items": []}))
    with pytest.raises(APIResponseValidationError, match="page of Employee"):
        make(recorder).employees.list()


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (405, "method_not_allowed", MethodNotAllowedError),
        (413, "payload_too_large", PayloadTooLargeError),
        (415, "unsupported_media_type", UnsupportedMediaTypeError),
        (500, "internal_error", InternalServerError),
        (503, "service_unavailable", ServiceUnavailableError),
    ],
)
def test_error_codes_the_live_tests_cannot_provoke(
    status: int, code: str, cls: type[APIError]
) -> None:
    envelope = {"error": {"code": code, "message": "m", "fields": ["f"], "request_id": "req_9"}}
    answer = httpx.Response(status, json=envelope, headers={"X-Request-Id": "req_9"})
    with pytest.raises(cls) as caught:
        make(Recorder(answer), max_retries=0).employees.retrieve("emp_1")
    assert (caught.value.status_code, caught.value.code) == (status, code)
    assert (caught.value.fields, caught.value.request_id) == (["f"], "req_9")


def test_errors_without_an_envelope_still_raise_by_status() -> None:
    answer = httpx.Response(502, text="<html>Bad gateway</html>")
    with pytest.raises(InternalServerError) as caught:
        make(Recorder(answer), max_retries=0).employees.retrieve("emp_1")
    assert caught.value.status_code == 502
    assert caught.value.code == "unknown"
    assert caught.value.body == "<html>Bad gateway</html>"

    teapot = httpx.Response(418, json={"error": {"code": "teapot", "message": "short and stout"}})
    with pytest.raises(APIError) as caught_418:
        make(Recorder(teapot)).employees.retrieve("emp_1")
    assert type(caught_418.value) is APIError
    assert (caught_418.value.code, caught_418.value.message) == ("teapot", "short and stout")


def test_a_page_with_a_cursor_but_no_items_ends_the_walk() -> None:
    recorder = Recorder(
        httpx.Response(200, json={"data": [], "next_cursor": "c", "total_count": 3})
    )
    assert list(make(recorder).employees.list()) == []
    assert len(recorder.requests) == 1


def test_a_lone_string_is_not_split_into_characters() -> None:
    recorder = Recorder(httpx.Response(500))
    pulse = make(recorder, max_retries=0)
    with pytest.raises(TypeError, match="lines"):
        pulse.status_log.create(lines="Shipped it.")
    assert recorder.requests == []
    with pytest.raises(InternalServerError):
        pulse.status_log.create(lines=("One.", "Two."))
    assert recorder.body() == {"lines": ["One.", "Two."]}
    with pytest.raises(InternalServerError):
        pulse.webhook_endpoints.update("we_1", events=("leave.logged",))
    assert recorder.body() == {"events": ["leave.logged"]}


def test_mappings_and_sequences_in_bodies_become_json() -> None:
    from types import MappingProxyType

    recorder = Recorder()
    make(recorder).employees.create(
        full_name="Ada", start_date="2026-01-12", custom_fields=MappingProxyType({"a": True})
    )
    assert recorder.body()["custom_fields"] == {"a": True}
