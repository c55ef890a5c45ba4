"""Scale-out on one PostgreSQL and one Redis, as compose.yaml deploys it: two
`pulse serve --workers 2` processes on their own ports, two `pulse worker`s.

- the rate limit is one window across every API process;
- 500 events written through both APIs are delivered once each;
- a retry with the same Idempotency-Key, sent to the other API, replays the first answer;
- `pulse migrate` started three times at once on a fresh database migrates once.

Each proof prints its figures in one line (see tests/support/figures.py).
"""

import asyncio
import json
import secrets
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import asyncpg
import httpx
import pytest

from pulse.db.migrate import head_revision
from tests.support.api import Tenants, assert_error
from tests.support.cli import run_pulse
from tests.support.environment import (
    asyncpg_dsn,
)
from tests.support.figures import figures
from tests.support.postgres import empty_database
from tests.support.receiver import running_receiver
from tests.support.redis_server import RedisServer
from tests.support.servers import Server, start_server
from tests.support.webhook_records import add_endpoint, all_succeeded, event_ids

pytestmark = pytest.mark.postgres_only

EVENTS = 500
BATCH = 20  # concurrent requests at a time: more only queue on the servers' pools
# Idle connections are dropped before uvicorn's 5 s keep-alive timeout can close one under
# a request just sent on it.
POOL = httpx.Limits(max_connections=BATCH, max_keepalive_connections=BATCH, keepalive_expiry=2)


@pytest.fixture(scope="module")
def apis(database_url: str) -> Iterator[tuple[Server, Server]]:
    """Two `pulse serve --workers 2` on their own ports, counting in one Redis."""
    redis = RedisServer()
    redis.start()
    env = {"PULSE_REDIS_URL": redis.url}
    started: list[Server] = []
    try:
        # One after the other: four processes importing the app at once on two cores may
        # take longer than a start is given.
        for _ in range(2):
            started.append(start_server(database_url, workers=2, env=env))
        yield started[0], started[1]
    finally:
        for server in started:
            server.stop()
        redis.stop()


def clients(
    apis: tuple[Server, Server], headers: dict[str, str], limits: httpx.Limits = POOL
) -> list[httpx.AsyncClient]:
    return [
        httpx.AsyncClient(base_url=s.base_url, headers=headers, limits=limits, timeout=30)
        for s in apis
    ]


async def test_the_rate_limit_is_one_window_across_every_api_process(
    apis: tuple[Server, Server], tenants: Tenants
) -> None:
    # 50 a minute keeps it fast; the rule is the default's, where the 1,001st request
    # within a minute of 1,000 is refused.
    limit = 50
    api = await tenants.key(await tenants.workspace("Scaled", rate_limit=limit))
    # A new connection for each request, so all four processes answer some.
    fresh = httpx.Limits(max_keepalive_connections=0)
    one, two = clients(apis, api.headers, limits=fresh)
    async with one, two:
        # One after another, alternating: each count below is the one before it, less one.
        answers = [await (one, two)[i % 2].get("/v1/employees?limit=1") for i in range(limit)]
        refused = [await one.get("/v1/employees?limit=1"), await two.get("/v1/employees?limit=1")]
    remaining = [int(r.headers["x-ratelimit-remaining"]) for r in answers]
    line = figures(
        "rate limit across 2 APIs x 2 processes",
        limit=limit,
        requests=len(answers) + len(refused),
        served=sum(r.status_code == 200 for r in answers),
        refused=sum(r.status_code == 429 for r in answers + refused),
    )
    assert [r.status_code for r in answers] == [200] * limit, line
    # One window: every request saw its own count, none counted twice or apart.
    assert remaining == list(range(limit - 1, -1, -1)), line
    for answer in refused:
        assert_error(answer, 429, "rate_limited")
        assert answer.headers["x-ratelimit-remaining"] == "0"
        assert int(answer.headers["retry-after"]) >= 1


@pytest.mark.usefixtures("quiet_queue")
async def test_500_events_written_through_two_apis_are_delivered_once_each(
    apis: tuple[Server, Server],
    tenants: Tenants,
    worker_factory: Callable[..., Any],
) -> None:
    with running_receiver() as receiver:
        api = await tenants.new()
        endpoint = await add_endpoint(tenants, api.tenant, receiver.url)
        for _ in range(2):
            worker_factory(PULSE_DELIVERY_POLL_SECONDS="0.2")
        dropped = 0

        async def create(n: int, apis: list[httpx.AsyncClient]) -> httpx.Response:
            # As a client should: a create whose connection drops is sent again, with its
            # Idempotency-Key, to the other API.
            nonlocal dropped
            body = {"full_name": f"P{n}", "start_date": "2024-01-01"}
            headers = {"Idempotency-Key": f"fan-out-{n}"}
            for attempt in range(4):
                try:
                    return await apis[(n + attempt) % 2].post(
                        "/v1/employees", json=body, headers=headers
                    )
                except httpx.TransportError:
                    dropped += 1
            raise AssertionError(f"P{n}: every attempt lost its connection")

        one, two = clients(apis, api.headers)
        async with one, two:
            created: list[httpx.Response] = []
            for start in range(0, EVENTS, BATCH):
                created += await asyncio.gather(
                    *(create(n, [one, two]) for n in range(start, start + BATCH))
                )
        assert [r.status_code for r in created] == [201] * EVENTS

        await all_succeeded(tenants, endpoint["id"], EVENTS)
        received = Counter(json.loads(got.body)["id"] for got in receiver.received)

    written = await event_ids(tenants, api.tenant.workspace_id)
    line = figures(
        "500 events through 2 APIs, 2 workers",
        events=len(written),
        creates_sent_again=dropped,
        delivered=len(received),
        missing=len(written - set(received)),
        doubled=sum(count > 1 for count in received.values()),
        strangers=len(set(received) - written),
    )
    assert len(written) == EVENTS, line
    assert set(received) == written, line
    assert max(received.values()) == 1, line


async def test_a_retry_sent_to_the_other_api_replays_the_first_answer(
    apis: tuple[Server, Server], tenants: Tenants
) -> None:
    api = await tenants.new()
    headers = {"Idempotency-Key": f"hire-{secrets.token_hex(8)}"}
    body = {"full_name": "Ada Lovelace", "start_date": "2024-01-15"}
    one, two = clients(apis, {**api.headers, **headers})
    async with one, two:
        first = await one.post("/v1/employees", json=body)
        retried = await two.post("/v1/employees", json=body)
        listed = await two.get("/v1/employees")
    line = figures(
        "idempotent retry on the other API",
        requests=2,
        applied=listed.json()["total_count"],
        replayed=int(retried.headers.get("idempotent-replayed") == "true"),
    )
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    assert retried.status_code == 201, line
    assert retried.headers["idempotent-replayed"] == "true", line
    assert retried.json() == first.json(), line
    assert listed.json()["total_count"] == 1, line


FAILURE_WORDS = ("error", "duplicate", "already exists", "traceback")


async def test_three_migrations_started_at_once_migrate_once() -> None:
    # As three API containers of compose.yaml starting together: the advisory lock
    # queues them, one migrates, the others then find the schema current.
    async with empty_database("pulse_migrate") as url:
        runs = await asyncio.gather(*(run_pulse(url, "migrate", timeout=120) for _ in "abc"))
        conn = await asyncpg.connect(asyncpg_dsn(url))
        try:
            versions = [row["version_num"] for row in await conn.fetch("TABLE alembic_version")]
            employees = await conn.fetchval("SELECT to_regclass('public.employees')::text")
        finally:
            await conn.close()
    failed = [run.stderr for run in runs if any(w in run.stderr.lower() for w in FAILURE_WORDS)]
    line = figures(
        "3 concurrent pulse migrate",
        processes=len(runs),
        exited_0=sum(run.code == 0 for run in runs),
        versions_recorded=len(versions),
        errors=len(failed),
    )
    assert [run.code for run in runs] == [0, 0, 0], (line, [run.stderr for run in runs])
    assert failed == [], line
    assert all("Database schema is current." in run.stderr for run in runs), line
    assert versions == [head_revision()], line
    assert employees == "employees"
