"""With `PULSE_SENTRY_DSN`, an incident also reaches Sentry: here a local receiver
standing in for it, at the DSN's envelope endpoint."""

import gzip
import zlib
from collections.abc import Iterator

import pytest
import sentry_sdk

from tests.support.operations import AppOn
from tests.support.receiver import Received, running_receiver


@pytest.fixture
def sentry_left_off() -> Iterator[None]:
    """The client a test starts is closed and dropped after it: the process reports
    nothing more."""
    yield
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


def body_of(received: Received) -> bytes:
    encoding = received.headers.get("content-encoding", "")
    if encoding == "gzip":
        return gzip.decompress(received.body)
    if encoding == "deflate":
        return zlib.decompress(received.body)
    assert encoding == "", encoding
    return received.body


@pytest.mark.usefixtures("sentry_left_off")
async def test_an_incident_is_reported_to_sentry_when_a_dsn_is_set(app_on: AppOn) -> None:
    with running_receiver() as receiver:
        dsn = f"http://publickey@127.0.0.1:{receiver.port}/42"
        async with app_on(sentry_dsn=dsn) as http:
            response = await http.get("/test/raise/ReportedToSentry")
            assert response.status_code == 500
            sentry_sdk.flush(timeout=10)
        incident_id = response.headers["x-request-id"]
        [envelope] = [body_of(r) for r in receiver.received]
    text = envelope.decode()
    assert "ReportedToSentry" in text
    assert incident_id in text  # tagged with the incident id
    assert "authorization" not in text.lower()  # no request data goes with it


async def test_without_a_dsn_nothing_is_started(app_on: AppOn) -> None:
    async with app_on() as http:
        assert (await http.get("/test/raise/NotReported")).status_code == 500
    assert not sentry_sdk.get_client().is_active()
