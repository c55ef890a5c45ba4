"""`pulsehr.webhooks.verify` against every shared signature vector, and its edges."""

from __future__ import annotations

import json
from typing import Any

import pytest

from _support import load_vectors
from pulsehr import WebhookVerificationError, webhooks
from pulsehr.types import Event, Leave

VECTORS = load_vectors()


def test_there_are_vectors_both_valid_and_invalid() -> None:
    assert {case["valid"] for case in VECTORS} == {True, False}


@pytest.mark.parametrize("case", VECTORS, ids=[case["name"] for case in VECTORS])
def test_vector(case: dict[str, Any]) -> None:
    body = case["body"].encode("utf-8")

    def verify() -> Event:
        return webhooks.verify(
            body, case["header"], case["secret"], case["tolerance"], now=case["now"]
        )

    if case["valid"]:
        event = verify()
        assert isinstance(event, Event)
        sent = json.loads(body)
        assert (event.id, event.type, event.data) == (sent["id"], sent["type"], sent["data"])
    else:
        with pytest.raises(WebhookVerificationError):
            verify()


def _valid() -> dict[str, Any]:
    return next(case for case in VECTORS if case["name"] == "valid")


def test_the_valid_event_reads_as_a_model() -> None:
    case = _valid()
    event = webhooks.verify(case["body"].encode(), case["header"], case["secret"], now=case["now"])
    assert (event.id, event.type) == ("evt_01HR3V6Q9X1M2N3P4Q5R6S7T8V", "leave.logged")
    assert event.data["note"] == "Lisbon"
    with pytest.raises(ValueError, match="Leave"):
        event.data_as(Leave)  # the vector's data is a partial leave


def test_several_secrets_any_one_may_match() -> None:
    case = _valid()
    secrets = ["whsec_old_one_no_longer_used", case["secret"]]
    event = webhooks.verify(case["body"].encode(), case["header"], secrets, now=case["now"])
    assert event.id.startswith("evt_")
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(case["body"].encode(), case["header"], ["whsec_x"], now=case["now"])
    with pytest.raises(WebhookVerificationError, match="secret"):
        webhooks.verify(case["body"].encode(), case["header"], [], now=case["now"])


def test_a_str_payload_is_read_as_utf8() -> None:
    case = next(c for c in VECTORS if c["name"] == "valid_unicode_body")
    event = webhooks.verify(case["body"], case["header"], case["secret"], now=case["now"])
    assert event.data["note"].startswith("Grazie, Niccolò")


def test_tolerance_is_inclusive_and_adjustable() -> None:
    case = _valid()
    t = 1745148720
    body = case["body"].encode()
    webhooks.verify(body, case["header"], case["secret"], now=t + 300)
    with pytest.raises(WebhookVerificationError, match="tolerance"):
        webhooks.verify(body, case["header"], case["secret"], now=t + 301)
    webhooks.verify(body, case["header"], case["secret"], tolerance=1000, now=t + 900)


def test_sign_makes_what_verify_accepts() -> None:
    body = json.dumps(
        {"id": "evt_1", "type": "kudos.awarded", "created_at": "2026-04-20T10:12:03Z", "data": {}}
    ).encode()
    header = webhooks.sign(body, ["whsec_a", "whsec_b"], timestamp=1745148720)
    assert header.count("v1=") == 2
    assert webhooks.verify(body, header, "whsec_b", now=1745148720).id == "evt_1"
    assert webhooks.sign(body, "whsec_a", timestamp=1745148720) == header.rsplit(",", 1)[0]
    case = _valid()
    assert webhooks.sign(case["body"], case["secret"], timestamp=1745148720) == case["header"]


@pytest.mark.parametrize(
    "header",
    ["t=1745148720", "v1=abc", "t=,v1=abc", "t=1.5,v1=abc", "garbage", "t=١٢٣,v1=abc"],
)
def test_malformed_headers(header: str) -> None:
    case = _valid()
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(case["body"].encode(), header, case["secret"], now=case["now"])


def test_a_signed_payload_that_is_not_an_event() -> None:
    body = b'{"hello": "world"}'
    header = webhooks.sign(body, "whsec_a", timestamp=100)
    with pytest.raises(WebhookVerificationError, match="not a Pulse event"):
        webhooks.verify(body, header, "whsec_a", now=100)
    webhooks.verify_signature(body, header, "whsec_a", now=100)  # the signature itself holds
