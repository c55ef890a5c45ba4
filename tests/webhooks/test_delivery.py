"""The delivery engine against real receivers on loopback: fan-out, signing, retries,
backoff to 72 hours, 410, secret rolls, private targets, slow receivers."""

import asyncio
import itertools
import json
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from pulse.core.tenancy import Environment
from pulse.db.session import transaction
from pulse.db.tables import webhook_deliveries, webhook_endpoints
from pulse.kit.clock import utcnow
from pulse.webhooks import schedule
from pulse.webhooks.endpoints.targets import Resolve, resolve_name
from pulse.webhooks.engine import PER_ENDPOINT_IN_FLIGHT, DeliveryEngine
from pulse.webhooks.signing import generate_secret, signature, signature_header
from tests.support.api import Api, Tenants
from tests.support.environment import ROOT, make_settings
from tests.support.receiver import TLS_CERTIFICATE, Receiver, Reply, running_receiver
from tests.support.webhook_records import NOWHERE, add_endpoint, attempts, deliveries
from tests.support.webhook_verifier import verify

# Workers serve every tenant: start each test with an empty queue.
pytestmark = pytest.mark.usefixtures("quiet_queue")

VECTORS = ROOT / "vectors" / "webhook-signatures.json"
# The published vectors, when this checkout sits beside the shared folder.
SHARED_VECTORS = ROOT.parent / "shared" / "vectors" / "webhook-signatures.json"


class Clock:
    """An injected clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def engine_factory(database_url: str, tenants: Tenants, clock: Clock) -> Any:
    made: list[DeliveryEngine] = []

    def make(*, resolve: Resolve = resolve_name, **overrides: Any) -> DeliveryEngine:
        settings = make_settings(database_url, **{"delivery_timeout_seconds": 1.0, **overrides})
        engine = DeliveryEngine(
            tenants.engine, settings, clock=clock, rng=random.Random(7), resolve=resolve
        )
        made.append(engine)
        return engine

    yield make
    for engine in made:
        await engine.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def test_the_vectors_are_the_published_ones() -> None:
    assert json.loads(VECTORS.read_text())["cases"]
    if SHARED_VECTORS.exists():
        assert VECTORS.read_text() == SHARED_VECTORS.read_text()


def test_the_signer_passes_every_shared_vector() -> None:
    for case in json.loads(VECTORS.read_text())["cases"]:
        body = case["body"].encode()
        parts = dict(
            item.split("=", 1) for item in case["header"].split(",") if item.startswith("t=")
        )
        if not case["valid"] or not parts.get("t", "").isdigit():
            continue
        ours = signature(case["secret"], int(parts["t"]), body)
        assert f"v1={ours}" in case["header"], case["name"]


def test_the_independent_verifier_agrees_with_every_vector() -> None:
    for case in json.loads(VECTORS.read_text())["cases"]:
        result = verify(
            case["body"].encode(), case["header"], case["secret"], case["now"], case["tolerance"]
        )
        assert result is case["valid"], case["name"]


def test_one_v1_per_active_secret() -> None:
    header = signature_header(b"{}", ["whsec_a", "whsec_b"], 1745148720)
    assert header.startswith("t=1745148720,v1=")
    assert header.count("v1=") == 2
    assert verify(b"{}", header, "whsec_a", 1745148720)
    assert verify(b"{}", header, "whsec_b", 1745148720)


async def test_a_delivery_is_signed_and_shaped_as_the_reference_says(
    api: Api, tenants: Tenants, receiver: Receiver, engine_factory: Any, clock: Clock
) -> None:
    endpoint = await add_endpoint(tenants, api.tenant, receiver.url)
    employee = await api.create_employee()
    await engine_factory().run_until_idle()

    [got] = receiver.received
    event = json.loads(got.body)
    assert set(event) == {"id", "type", "created_at", "data"}
    assert event["id"].startswith("evt_")
    assert event["type"] == "employee.created"
    assert event["data"] == employee
    assert got.headers["content-type"] == "application/json"
    assert got.headers["x-pulse-event"] == "employee.created"
    assert got.headers["x-pulse-delivery"].startswith("del_")
    now = int(clock().timestamp())
    assert verify(got.body, got.headers["x-pulse-signature"], endpoint["secret"], now)
    assert not verify(got.body, got.headers["x-pulse-signature"], generate_secret(), now)

    [delivery] = await deliveries(tenants, endpoint["id"])
    assert delivery["id"] == got.headers["x-pulse-delivery"]
    assert delivery["event_id"] == event["id"]
    assert delivery["status"] == "succeeded"
    [attempt] = await attempts(tenants, delivery["id"])
    assert attempt["status_code"] == 200
    assert attempt["response_body"] == "ok"
    assert attempt["error"] is None
    assert attempt["latency_ms"] >= 0


async def test_fan_out_follows_subscriptions(
    tenants: Tenants, receiver: Receiver, engine_factory: Any
) -> None:
    workspace = await tenants.workspace()
    api = await tenants.key(workspace)
    live = await tenants.key(workspace, Environment.live)
    everything = await add_endpoint(tenants, api.tenant, receiver.url)
    offboarding = await add_endpoint(
        tenants, api.tenant, receiver.url, events=("employee.offboarded",)
    )
    disabled = await add_endpoint(tenants, api.tenant, receiver.url, enabled=False)
    other_environment = await add_endpoint(tenants, live.tenant, receiver.url)
    employee = await api.create_employee()
    await api.delete(f"/v1/employees/{employee['id']}")
    await engine_factory().run_until_idle()

    assert [d["event_type"] for d in await deliveries(tenants, everything["id"])] == [
        "employee.created",
        "employee.offboarded",
    ]
    assert [d["event_type"] for d in await deliveries(tenants, offboarding["id"])] == [
        "employee.offboarded"
    ]
    assert await deliveries(tenants, disabled["id"]) == []
    assert await deliveries(tenants, other_environment["id"]) == []
    assert len(receiver.received) == 3


async def test_a_new_endpoint_receives_only_events_created_after_it(
    api: Api, tenants: Tenants, receiver: Receiver, engine_factory: Any
) -> None:
    # Events not yet fanned out when the endpoint is created (a worker lagging behind).
    for _ in range(3):
        await api.create_employee()
    response = await api.post(
        "/v1/webhook-endpoints", json={"url": receiver.url, "events": ["employee.created"]}
    )
    assert response.status_code == 201, response.text
    endpoint = response.json()
    after = await api.create_employee()
    await engine_factory().run_until_idle()

    [delivery] = await deliveries(tenants, endpoint["id"])
    [got] = receiver.received
    assert json.loads(got.body)["data"]["id"] == after["id"]
    assert delivery["status"] == "succeeded"


@pytest.mark.parametrize("failure", ["500", "timeout", "refused", "redirect"])
async def test_a_failed_attempt_is_retried_with_the_same_event_and_delivery(
    api: Api,
    tenants: Tenants,
    receiver: Receiver,
    engine_factory: Any,
    clock: Clock,
    failure: str,
) -> None:
    url = receiver.url
    if failure == "500":
        receiver.script.append(Reply(status=500, body=b"boom"))
    elif failure == "timeout":
        receiver.script.append(Reply(delay=3.0))
    elif failure == "redirect":
        receiver.script.append(Reply(status=302))
    endpoint = await add_endpoint(tenants, api.tenant, url)
    if failure == "refused":
        async with transaction(tenants.engine) as conn:
            await conn.execute(
                update(webhook_endpoints)
                .where(webhook_endpoints.c.id == endpoint["id"])
                .values(url=f"http://127.0.0.1:{_closed_port()}/hook")
            )
    await api.create_employee()
    engine = engine_factory()
    await engine.run_until_idle()

    [delivery] = await deliveries(tenants, endpoint["id"])
    assert delivery["status"] == "pending"
    assert delivery["attempt_count"] == 1
    assert delivery["lease_expires_at"] is None
    wait = delivery["next_attempt_at"] - clock()
    assert timedelta(seconds=4.5) <= wait <= timedelta(seconds=5.5)
    [first] = await attempts(tenants, delivery["id"])
    expected_error = {
        "500": "receiver answered 500",
        "timeout": "timed out after 1 s",
        "refused": "connection failed",
        "redirect": "receiver answered 302",
    }[failure]
    assert expected_error in first["error"]
    if failure == "500":
        assert first["status_code"] == 500
        assert first["response_body"] == "boom"

    await engine.run_until_idle()  # not due yet: nothing happens
    assert (await deliveries(tenants, delivery["endpoint_id"]))[0]["attempt_count"] == 1

    if failure == "refused":
        async with transaction(tenants.engine) as conn:
            await conn.execute(
                update(webhook_endpoints)
                .where(webhook_endpoints.c.id == endpoint["id"])
                .values(url=url)
            )
    clock.advance(timedelta(seconds=6))
    await engine.run_until_idle()
    [delivery] = await deliveries(tenants, endpoint["id"])
    assert delivery["status"] == "succeeded"
    assert delivery["attempt_count"] == 2
    bodies = {got.body for got in receiver.received}
    assert len(bodies) == 1  # the same event, byte for byte
    assert {got.headers["x-pulse-delivery"] for got in receiver.received} == {delivery["id"]}


async def test_a_lease_that_runs_out_without_an_attempt_is_not_counted(
    api: Api, tenants: Tenants, receiver: Receiver, engine_factory: Any, clock: Clock
) -> None:
    endpoint = await add_endpoint(tenants, api.tenant, receiver.url)
    await api.create_employee()
    engine = engine_factory(delivery_lease_seconds=60.0)
    await engine.fan_out()
    # A worker claims the delivery and dies before it sends anything.
    [claimed] = await engine.claim(32)
    assert claimed["endpoint_id"] == endpoint["id"]
    [delivery] = await deliveries(tenants, endpoint["id"])
    assert (delivery["attempt_count"], delivery["lease_expires_at"]) == (
        0,
        clock() + timedelta(seconds=60),
    )

    clock.advance(timedelta(seconds=61))
    await engine_factory().run_until_idle()
    [delivery] = await deliveries(tenants, endpoint["id"])
    assert delivery["status"] == "succeeded"
    assert delivery["attempt_count"] == 1 == len(await attempts(tenants, delivery["id"]))
    assert len(receiver.received) == 1


def _closed_port() -> int:
    from tests.support.servers import free_port

    return free_port()


def test_the_backoff_schedule_reaches_and_stops_at_72_hours() -> None:
    start = datetime(2026, 4, 20, 10, 12, 3).astimezone()
    deadline = start + timedelta(hours=72)
    rng = random.Random(1)
    now, times, attempts_made = start, [start], 1
    while (following := schedule.next_attempt_at(attempts_made, now, deadline, rng)) is not None:
        assert following > now
        now = following
        times.append(now)
        attempts_made += 1
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    expected = [*schedule.DELAYS[:5], *[schedule.DELAYS[5]] * 6]
    for gap, nominal in zip(gaps, expected, strict=False):
        assert nominal * 0.9 <= gap <= nominal * 1.1
    assert times[-1] == deadline
    assert len(times) == 13
    assert schedule.next_attempt_at(attempts_made, deadline, deadline, rng) is None


async def test_a_receiver_that_keeps_failing_is_given_up_at_72_hours(
    api: Api, tenants: Tenants, receiver: Receiver, engine_factory: Any, clock: Clock
) -> None:
    receiver.default = Reply(status=503)
    endpoint = await add_endpoint(tenants, api.tenant, receiver.url)
    await api.create_employee()
    engine = engine_factory()
    await engine.run_until_idle()
    [delivery] = await deliveries(tenants, endpoint["id"])
    deadline = delivery["deadline_at"]
    while delivery["status"] == "pending":
        clock.now = delivery["next_attempt_at"]
        await engine.run_until_idle()
        [delivery] = await deliveries(tenants, endpoint["id"])
    assert delivery["status"] == "failed"
    assert delivery["completed_at"] == deadline
    assert delivery["attempt_count"] == len(receiver.received) == 13
    assert delivery["last_error"] == "receiver answered 503"


async def test_410_gone_disables_the_endpoint(
    api: Api, tenants: Tenants, receiver: Receiver, engine_factory: Any
) -> None:
    receiver.default = Reply(status=410)
    endpoint = await add_endpoint(tenants, api.tenant, receiver.url)
    await api.create_employee()
    engine = engine_factory()
    await engine.run_until_idle()
    [delivery] = await deliveries(tenants, endpoint["id"])
    assert delivery["status"] == "failed"
    async with tenants.engine.connect() as conn:
        row = (
            (
                await conn.execute(
                    select(webhook_endpoints).where(webhook_endpoints.c.id == endpoint["id"])
                )
            )
            .mappings()
            .one()
        )
    assert row["enabled"] is False
    assert "410" in row["disabled_reason"]
    await api.create_employee()
    await engine.run_until_idle()
    assert len(await deliveries(tenants, endpoint["id"])) == 1
    assert len(receiver.received) == 1


async def test_a_rolled_secret_signs_beside_the_new_one_for_a_while(
    api: Api, tenants: Tenants, receiver: Receiver, engine_factory: Any, clock: Clock
) -> None:
    old = generate_secret()
    endpoint = await add_endpoint(
        tenants,
        api.tenant,
        receiver.url,
        previous_secret=old,
        previous_expires=clock() + timedelta(hours=24),
    )
    engine = engine_factory()
    await api.create_employee()
    await engine.run_until_idle()
    clock.advance(timedelta(hours=24, seconds=1))
    await api.create_employee()
    await engine.run_until_idle()

    first, second = receiver.received
    header = first.headers["x-pulse-signature"]
    assert header.count("v1=") == 2
    signed_at = int(header.split(",")[0].removeprefix("t="))
    assert verify(first.body, header, endpoint["secret"], signed_at)
    assert verify(first.body, header, old, signed_at)
    later = second.headers["x-pulse-signature"]
    assert later.count("v1=") == 1
    assert not verify(second.body, later, old, int(clock().timestamp()))


async def test_live_mode_never_sends_to_private_targets(
    tenants: Tenants, engine_factory: Any, receiver: Receiver
) -> None:
    workspace = await tenants.workspace()
    live = await tenants.key(workspace, Environment.live)
    # Written straight to the table, as if the address had changed after creation.
    url = f"https://127.0.0.1:{receiver.port}/hook"
    endpoint = await add_endpoint(tenants, live.tenant, url)
    await live.create_employee()
    await engine_factory().run_until_idle()
    [delivery] = await deliveries(tenants, endpoint["id"])
    [refused] = await attempts(tenants, delivery["id"])
    assert "target refused" in refused["error"]
    assert refused["latency_ms"] == 0

    # A deployment that allows private targets dials it (the receiver speaks plain
    # HTTP, so the TLS handshake then fails: it was tried, not refused).
    allowed = engine_factory(webhook_allow_private_targets=True)
    async with transaction(tenants.engine) as conn:
        await conn.execute(
            update(webhook_deliveries)
            .where(webhook_deliveries.c.id == delivery["id"])
            .values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )
    await allowed.run_until_idle()
    _, dialled = await attempts(tenants, delivery["id"])
    assert "connection failed" in dialled["error"]


# Spellings of loopback that the sender dials as 127.0.0.1, where the receiver listens.
LOOPBACK_SPELLINGS = ["127.0.0.1", "127.1", "2130706433", "0x7f000001", "[::ffff:127.0.0.1]"]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
async def test_loopback_is_dialled_only_where_the_deployment_allows_it(
    api: Api,
    tenants: Tenants,
    receiver: Receiver,
    engine_factory: Any,
    clock: Clock,
    host: str,
) -> None:
    receiver.default = Reply(body=b"an internal service's answer")
    endpoint = await add_endpoint(tenants, api.tenant, f"http://{host}:{receiver.port}/hook")
    await api.create_employee()
    await engine_factory(webhook_allow_loopback_targets=False).run_until_idle()
    [delivery] = await deliveries(tenants, endpoint["id"])
    [refused] = await attempts(tenants, delivery["id"])
    assert "target refused" in refused["error"]
    assert (refused["status_code"], refused["response_body"]) == (None, None)
    assert receiver.received == []

    # The same spelling does reach this machine's loopback once the deployment allows it.
    clock.advance(timedelta(seconds=6))
    await engine_factory(webhook_allow_loopback_targets=True).run_until_idle()
    [delivery] = await deliveries(tenants, endpoint["id"])
    assert delivery["status"] == "succeeded"
    assert len(receiver.received) == 1


async def test_a_delivery_connects_to_the_very_address_it_checked(
    api: Api, tenants: Tenants, receiver: Receiver, engine_factory: Any, clock: Clock
) -> None:
    # The name answers an allowed address once, then a private one (a rebinding DNS).
    answers = [["127.0.0.1"]]
    asked: list[str] = []

    async def resolve(name: str) -> list[str]:
        asked.append(name)
        return answers.pop(0) if answers else ["10.0.0.1"]

    endpoint = await add_endpoint(tenants, api.tenant, f"http://hooks.example:{receiver.port}/hook")
    await api.create_employee()
    engine = engine_factory(resolve=resolve)
    await engine.run_until_idle()
    [got] = receiver.received
    assert got.headers["host"] == f"hooks.example:{receiver.port}"
    assert asked == ["hooks.example"]  # resolved once: the check and the connection agree
    [delivery] = await deliveries(tenants, endpoint["id"])
    assert delivery["status"] == "succeeded"

    # The next delivery finds the private answer and is refused before any connection.
    await api.create_employee()
    await engine.run_until_idle()
    _, second = await deliveries(tenants, endpoint["id"])
    [refused] = await attempts(tenants, second["id"])
    assert "target refused" in refused["error"]
    assert len(receiver.received) == 1


async def test_tls_is_verified_for_the_name_while_dialling_the_checked_address(
    api: Api, tenants: Tenants, engine_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The receiver's certificate names hooks.example only, not the address dialled.
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS_CERTIFICATE))

    async def resolve(name: str) -> list[str]:
        return ["127.0.0.1"]

    with running_receiver(tls=True) as receiver:
        named = await add_endpoint(tenants, api.tenant, f"https://hooks.example:{receiver.port}/")
        other = await add_endpoint(tenants, api.tenant, f"https://other.example:{receiver.port}/")
        await api.create_employee()
        await engine_factory(resolve=resolve).run_until_idle()

        [delivery] = await deliveries(tenants, named["id"])
        assert delivery["status"] == "succeeded"
        [got] = receiver.received
        assert got.headers["host"] == f"hooks.example:{receiver.port}"
        # A name the certificate does not cover fails the handshake at the same address.
        [mismatch] = await deliveries(tenants, other["id"])
        [failed] = await attempts(tenants, mismatch["id"])
        assert "CERTIFICATE_VERIFY_FAILED" in failed["error"]


async def test_the_response_snippet_is_at_most_2_kib(
    api: Api, tenants: Tenants, receiver: Receiver, engine_factory: Any
) -> None:
    receiver.default = Reply(body=b"x" * 100_000)
    endpoint = await add_endpoint(tenants, api.tenant, receiver.url)
    await api.create_employee()
    await engine_factory().run_until_idle()
    [delivery] = await deliveries(tenants, endpoint["id"])
    [attempt] = await attempts(tenants, delivery["id"])
    assert attempt["response_body"] == "x" * 2048


async def test_a_hanging_receiver_does_not_hold_up_the_others(
    tenants: Tenants, engine_factory: Any
) -> None:
    release = threading.Event()
    with running_receiver() as slow, running_receiver() as fast:
        slow.default = Reply(hold=release)
        workspace = await tenants.workspace()
        api = await tenants.key(workspace)
        slow_endpoint = await add_endpoint(tenants, api.tenant, slow.url)
        fast_endpoint = await add_endpoint(tenants, api.tenant, fast.url)
        for _ in range(12):
            await api.create_employee()
        engine = engine_factory(delivery_timeout_seconds=30.0, delivery_poll_seconds=0.05)
        stop = asyncio.Event()
        running = asyncio.create_task(engine.run(stop))
        try:
            for _ in range(400):
                done = await deliveries(tenants, fast_endpoint["id"])
                if len(done) == 12 and {d["status"] for d in done} == {"succeeded"}:
                    break
                await asyncio.sleep(0.05)
            # Every fast delivery succeeded while the slow receiver still holds its requests.
            assert {d["status"] for d in done} == {"succeeded"}
            assert len(fast.received) == 12
            assert not release.is_set()
            held = await deliveries(tenants, slow_endpoint["id"])
            assert {d["status"] for d in held} == {"pending"}
        finally:
            release.set()
            stop.set()
            await running


async def _slow_backlog_and_one_fast_delivery(
    tenants: Tenants, engine: DeliveryEngine, clock: Clock, slow_url: str, fast_url: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """40 deliveries due to a slow endpoint, then one due a moment later to a fast one."""
    workspace = await tenants.workspace()
    api = await tenants.key(workspace)
    slow = await add_endpoint(tenants, api.tenant, slow_url, events=("employee.created",))
    fast = await add_endpoint(tenants, api.tenant, fast_url, events=("employee.offboarded",))
    employees = [await api.create_employee() for _ in range(40)]
    await engine.fan_out()
    clock.advance(timedelta(milliseconds=1))
    await api.delete(f"/v1/employees/{employees[0]['id']}")
    await engine.fan_out()
    return slow, fast


async def test_a_claim_takes_at_most_8_deliveries_of_one_endpoint(
    tenants: Tenants, engine_factory: Any, clock: Clock
) -> None:
    engine = engine_factory()
    slow, fast = await _slow_backlog_and_one_fast_delivery(
        tenants, engine, clock, NOWHERE, NOWHERE + "/fast"
    )
    claimed = await engine.claim(32)
    by_endpoint = Counter(delivery["endpoint_id"] for delivery in claimed)
    assert by_endpoint == {slow["id"]: PER_ENDPOINT_IN_FLIGHT, fast["id"]: 1}

    # What the engine already sends to an endpoint counts against its share.
    engine.in_flight[slow["id"]] = 5
    clock.advance(timedelta(minutes=2))  # the first claim's leases ran out
    claimed = await engine.claim(32)
    assert Counter(delivery["endpoint_id"] for delivery in claimed)[slow["id"]] == 3


async def test_a_claim_reaches_past_the_backlog_of_an_endpoint_that_had_its_share(
    tenants: Tenants, engine_factory: Any, clock: Clock
) -> None:
    engine = engine_factory()
    slow, fast = await _slow_backlog_and_one_fast_delivery(
        tenants, engine, clock, NOWHERE, NOWHERE + "/fast"
    )
    # A claim of 2 looks at 8 due rows, all the slow endpoint's.
    first = await engine.claim(2)
    assert [delivery["endpoint_id"] for delivery in first] == [slow["id"]] * 2
    # Once this engine sends the slow endpoint its share, the next claim passes over
    # the rest of its backlog to the delivery behind it.
    engine.in_flight[slow["id"]] = PER_ENDPOINT_IN_FLIGHT
    second = await engine.claim(2)
    assert [delivery["endpoint_id"] for delivery in second] == [fast["id"]]


async def test_a_slow_receivers_backlog_does_not_delay_another_endpoint(
    tenants: Tenants, engine_factory: Any, clock: Clock
) -> None:
    with running_receiver() as slow_receiver, running_receiver() as fast_receiver:
        slow_receiver.default = Reply(delay=10.0)
        engine = engine_factory(delivery_timeout_seconds=3.0, delivery_poll_seconds=0.05)
        await _slow_backlog_and_one_fast_delivery(
            tenants, engine, clock, slow_receiver.url, fast_receiver.url
        )
        stop = asyncio.Event()
        started = time.monotonic()
        running = asyncio.create_task(engine.run(stop))
        try:
            while not fast_receiver.received and time.monotonic() - started < 5:
                await asyncio.sleep(0.02)
            [got] = fast_receiver.received
            # Asked for by the rule itself: the fast endpoint waits for nobody.
            assert got.at - started < 1.0
            assert len(slow_receiver.received) <= PER_ENDPOINT_IN_FLIGHT
        finally:
            stop.set()
            await running
