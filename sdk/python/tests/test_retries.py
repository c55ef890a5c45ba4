"""Retries, backoff, timeouts and idempotency keys, against httpx.MockTransport servers that
fail on demand (no network)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from _support import BASE_URL, EMPLOYEE
from pulsehr import (
    APIConnectionError,
    APITimeoutError,
    AsyncPulse,
    ConflictError,
    InternalServerError,
    NotFoundError,
    Pulse,
    RateLimitError,
    ServiceUnavailableError,
)
from pulsehr._base_client import INITIAL_RETRY_DELAY, MAX_RETRY_DELAY

Step = Callable[[httpx.Request], httpx.Response]


def error(status: int, code: str, headers: dict[str, str] | None = None) -> Step:
    body = {"error": {"code": code, "message": code, "fields": [], "request_id": "req_1"}}
    return lambda request: httpx.Response(status, json=body, headers=headers)


def ok(status: int = 200) -> Step:
    return lambda request: httpx.Response(status, json=EMPLOYEE)


def fail(exc: type[httpx.TransportError]) -> Step:
    def step(request: httpx.Request) -> httpx.Response:
        raise exc("simulated", request=request)

    return step


class Script:
    """A server that answers each request with the next step of its script."""

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.steps:
            raise AssertionError(f"unexpected extra request: {request.method} {request.url}")
        return self.steps.pop(0)(request)

    def header(self, name: str) -> list[str | None]:
        return [r.headers.get(name) for r in self.requests]


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait between tries, instead of waiting."""
    waited: list[float] = []

    async def async_sleep(self: AsyncPulse, seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(Pulse, "_sleep", lambda self, seconds: waited.append(seconds))
    monkeypatch.setattr(AsyncPulse, "_sleep", async_sleep)
    return waited


def client(script: Script, **options: object) -> Pulse:
    http = httpx.Client(transport=httpx.MockTransport(script))
    return Pulse(api_key="pk_test_x", base_url=BASE_URL, http_client=http, **options)  # type: ignore[arg-type]


def async_client(script: Script, **options: object) -> AsyncPulse:
    http = httpx.AsyncClient(transport=httpx.MockTransport(script))
    return AsyncPulse(api_key="pk_test_x", base_url=BASE_URL, http_client=http, **options)  # type: ignore[arg-type]


def create(pulse: Pulse) -> object:
    return pulse.employees.create(full_name="Ada Lovelace", start_date="2020-01-06")


# --- what is retried ------------------------------------------------------------------------


def test_500_then_200_is_retried_with_the_same_idempotency_key(sleeps: list[float]) -> None:
    script = Script(error(500, "internal_error"), ok(201))
    employee = create(client(script))
    assert getattr(employee, "id", None) == EMPLOYEE["id"]
    assert len(script.requests) == 2
    keys = script.header("Idempotency-Key")
    assert keys[0] is not None and keys[0] == keys[1]
    assert script.requests[0].content == script.requests[1].content
    assert len(sleeps) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_every_5xx_is_retried(status: int, sleeps: list[float]) -> None:
    script = Script(error(status, "internal_error"), ok())
    client(script).employees.retrieve("emp_1")
    assert len(script.requests) == 2


def test_429_waits_the_retry_after_it_carries(sleeps: list[float]) -> None:
    script = Script(error(429, "rate_limited", {"Retry-After": "3"}), ok())
    client(script).employees.retrieve("emp_1")
    assert sleeps == [3.0]
    assert len(script.requests) == 2


def test_retry_after_as_an_http_date(sleeps: list[float]) -> None:
    when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 10))
    script = Script(error(503, "service_unavailable", {"Retry-After": when}), ok())
    client(script).employees.retrieve("emp_1")
    assert len(sleeps) == 1 and 8 <= sleeps[0] <= 10


def test_409_with_retry_after_is_the_in_flight_answer_and_is_retried(
    sleeps: list[float],
) -> None:
    script = Script(error(409, "conflict", {"Retry-After": "1"}), ok(201))
    create(client(script))
    assert len(script.requests) == 2
    assert sleeps == [1.0]
    keys = script.header("Idempotency-Key")
    assert keys[0] == keys[1]


def test_409_without_retry_after_is_final(sleeps: list[float]) -> None:
    script = Script(error(409, "conflict"))
    with pytest.raises(ConflictError):
        create(client(script))
    assert len(script.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize(("status", "code"), [(400, "invalid_request"), (404, "not_found")])
def test_other_4xx_are_final(status: int, code: str, sleeps: list[float]) -> None:
    script = Script(error(status, code))
    with pytest.raises(Exception, match=code):
        client(script).employees.retrieve("emp_1")
    assert len(script.requests) == 1


def test_connection_errors_are_retried(sleeps: list[float]) -> None:
    script = Script(fail(httpx.ConnectError), fail(httpx.ReadError), ok(201))
    create(client(script))
    assert len(script.requests) == 3
    keys = script.header("Idempotency-Key")
    assert len(set(keys)) == 1 and keys[0] is not None


def test_timeouts_are_retried(sleeps: list[float]) -> None:
    script = Script(fail(httpx.ReadTimeout), ok())
    client(script).employees.retrieve("emp_1")
    assert len(script.requests) == 2


# --- when to give up ------------------------------------------------------------------------


def test_gives_up_after_max_retries_with_the_last_error(sleeps: list[float]) -> None:
    script = Script(*[error(503, "service_unavailable")] * 4)
    with pytest.raises(ServiceUnavailableError) as caught:
        client(script, max_retries=3).employees.retrieve("emp_1")
    assert len(script.requests) == 4
    assert len(sleeps) == 3
    assert isinstance(caught.value, InternalServerError)


def test_max_retries_zero_sends_once(sleeps: list[float]) -> None:
    script = Script(error(429, "rate_limited", {"Retry-After": "1"}))
    with pytest.raises(RateLimitError) as caught:
        client(script, max_retries=0).employees.retrieve("emp_1")
    assert caught.value.retry_after == 1.0
    assert len(script.requests) == 1


def test_with_options_changes_max_retries_per_call(sleeps: list[float]) -> None:
    script = Script(error(500, "internal_error"), error(500, "internal_error"), ok())
    pulse = client(script, max_retries=0)
    pulse.with_options(max_retries=2).employees.retrieve("emp_1")
    assert len(script.requests) == 3


def test_a_retry_after_beyond_a_minute_is_not_waited_out(sleeps: list[float]) -> None:
    script = Script(error(429, "rate_limited", {"Retry-After": "3600"}))
    with pytest.raises(RateLimitError) as caught:
        client(script).employees.retrieve("emp_1")
    assert caught.value.retry_after == 3600.0
    assert sleeps == []


def test_connection_errors_exhausted(sleeps: list[float]) -> None:
    script = Script(*[fail(httpx.ConnectError)] * 3)
    with pytest.raises(APIConnectionError) as caught:
        client(script).employees.list()
    assert not isinstance(caught.value, APITimeoutError)
    assert len(script.requests) == 3


def test_timeouts_exhausted(sleeps: list[float]) -> None:
    script = Script(*[fail(httpx.ConnectTimeout)] * 3)
    with pytest.raises(APITimeoutError):
        client(script).employees.list()
    assert len(script.requests) == 3


def test_backoff_is_exponential_with_jitter(sleeps: list[float]) -> None:
    script = Script(*[error(500, "internal_error")] * 7)
    with pytest.raises(InternalServerError):
        client(script, max_retries=6).employees.retrieve("emp_1")
    assert len(sleeps) == 6
    for attempt, slept in enumerate(sleeps):
        ceiling = min(INITIAL_RETRY_DELAY * 2**attempt, MAX_RETRY_DELAY)
        assert 0.75 * ceiling <= slept <= ceiling
    assert sleeps[-1] <= MAX_RETRY_DELAY


# --- idempotency keys -----------------------------------------------------------------------


def test_post_and_delete_carry_an_idempotency_key_get_and_patch_do_not(
    sleeps: list[float],
) -> None:
    script = Script(ok(201), ok(), ok(), ok(), ok())
    pulse = client(script)
    create(pulse)
    pulse.employees.offboard("emp_1")
    pulse.employees.retrieve("emp_1")
    pulse.employees.update("emp_1", role="x")
    create(pulse)
    created, offboarded, fetched, patched, created_again = script.header("Idempotency-Key")
    assert created and offboarded and created_again
    assert len({created, offboarded, created_again}) == 3  # a new key per call
    assert fetched is None and patched is None


def test_the_callers_idempotency_key_is_used_on_every_try(sleeps: list[float]) -> None:
    script = Script(error(502, "internal_error"), ok(201))
    client(script).employees.create(
        full_name="Ada", start_date="2020-01-06", idempotency_key="hire-ada-2026"
    )
    assert script.header("Idempotency-Key") == ["hire-ada-2026", "hire-ada-2026"]


# --- async ----------------------------------------------------------------------------------


async def test_async_retries_with_the_same_idempotency_key(sleeps: list[float]) -> None:
    script = Script(
        error(500, "internal_error"),
        fail(httpx.ConnectError),
        error(409, "conflict", {"Retry-After": "1"}),
        ok(201),
    )
    async with async_client(script, max_retries=3) as pulse:
        employee = await pulse.employees.create(full_name="Ada", start_date="2020-01-06")
    assert employee.id == EMPLOYEE["id"]
    assert len(script.requests) == 4
    assert len(set(script.header("Idempotency-Key"))) == 1
    assert sleeps[2] == 1.0


async def test_async_429_then_final_404(sleeps: list[float]) -> None:
    script = Script(error(429, "rate_limited", {"Retry-After": "2"}), error(404, "not_found"))
    async with async_client(script) as pulse:
        with pytest.raises(NotFoundError):
            await pulse.employees.retrieve("emp_1")
    assert sleeps == [2.0]
    assert script.header("Idempotency-Key") == [None, None]


async def test_async_timeouts_exhausted(sleeps: list[float]) -> None:
    script = Script(*[fail(httpx.ReadTimeout)] * 2)
    async with async_client(script, max_retries=1) as pulse:
        with pytest.raises(APITimeoutError):
            await pulse.employees.retrieve("emp_1")


# --- timeouts -------------------------------------------------------------------------------


def test_timeout_option_reaches_the_request(sleeps: list[float]) -> None:
    script = Script(ok(), ok(), ok())
    pulse = client(script, timeout=12.5)
    pulse.employees.retrieve("emp_1")
    pulse.employees.retrieve("emp_1", timeout=httpx.Timeout(3.0, connect=1.0))
    pulse.with_options(timeout=None).employees.retrieve("emp_1")
    first, second, third = (r.extensions["timeout"] for r in script.requests)
    assert first == {"connect": 12.5, "read": 12.5, "write": 12.5, "pool": 12.5}
    assert second == {"connect": 1.0, "read": 3.0, "write": 3.0, "pool": 3.0}
    assert third == {"connect": None, "read": None, "write": None, "pool": None}


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A loopback server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def test_a_real_read_timeout_raises_api_timeout_error(silent_server: str) -> None:
    started = time.monotonic()
    with (
        Pulse(api_key="pk_test_x", base_url=silent_server, timeout=0.2, max_retries=1) as pulse,
        pytest.raises(APITimeoutError),
    ):
        pulse.employees.list()
    elapsed = time.monotonic() - started
    assert 0.4 <= elapsed < 5  # two tries of 0.2 s, and a short backoff between them


async def test_a_real_read_timeout_async(silent_server: str) -> None:
    async with AsyncPulse(
        api_key="pk_test_x", base_url=silent_server, timeout=0.2, max_retries=0
    ) as pulse:
        with pytest.raises(APITimeoutError):
            await pulse.event_types.list()


def test_request_body_is_json_and_sent_once_per_try(sleeps: list[float]) -> None:
    script = Script(fail(httpx.ReadError), ok(201))
    create(client(script))
    bodies = [json.loads(r.content) for r in script.requests]
    assert bodies == [{"full_name": "Ada Lovelace", "start_date": "2020-01-06"}] * 2


def test_the_raw_response_counts_retries_and_retries_are_logged(
    sleeps: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    script = Script(error(500, "internal_error"), fail(httpx.ConnectError), ok())
    with caplog.at_level("INFO", logger="pulsehr"):
        response = client(script).employees.with_raw_response.retrieve("emp_1")
    assert response.retries_taken == 2
    assert response.parse().id == EMPLOYEE["id"]
    messages = [r.getMessage() for r in caplog.records]
    assert any("answered 500" in m and "retry 1 of 2" in m for m in messages)
    assert any("connection error" in m and "retry 2 of 2" in m for m in messages)
