"""Faults on real processes, and what each may cost (README, Production):

- an API process killed (`kill -9`) during 500 writes: every acknowledged write is
  there, none twice, once clients retry with their Idempotency-Key elsewhere;
- a worker killed mid-delivery: every event is delivered once its lease runs out;
- PostgreSQL terminating the server's connections under load: reads answer 200, writes
  503 at worst, and the same process serves everything again afterwards;
- Redis stopped and started again: requests are served uncounted meanwhile, with one
  warning in the server's log, then counted again.

Each proof prints its figures in one line (see tests/support/figures.py).
"""

import asyncio
import json
import secrets
import signal
import subprocess
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import select

from pulse.db.tables import employees
from tests.support.api import Api, Tenants
from tests.support.figures import figures
from tests.support.postgres import kill
from tests.support.receiver import Reply, running_receiver
from tests.support.redis_server import RedisServer
from tests.support.servers import Server
from tests.support.waiting import wait_for
from tests.support.webhook_records import add_endpoint, all_succeeded, event_ids

pytestmark = pytest.mark.postgres_only

Servers = Callable[..., Server]
WRITES = 500
CONCURRENCY = 20
# Idle connections are dropped before uvicorn's 5 s keep-alive timeout can close one under
# a request just sent on it (which would read as a fault that is not the test's).
POOL = httpx.Limits(
    max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY, keepalive_expiry=2
)
UNLIMITED = {"PULSE_RATE_LIMIT_PER_MINUTE": "0"}


def client(server: Server, api: Api) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=server.base_url, headers=api.headers, limits=POOL, timeout=30)


async def names_written(tenants: Tenants, workspace_id: str) -> Counter[str]:
    async with tenants.engine.connect() as conn:
        rows = await conn.execute(
            select(employees.c.full_name).where(employees.c.workspace_id == workspace_id)
        )
        return Counter(row.full_name for row in rows)


async def test_an_api_process_killed_during_500_writes_loses_and_doubles_nothing(
    server_factory: Servers, tenants: Tenants
) -> None:
    with ThreadPoolExecutor(2) as pool:
        doomed, survivor = pool.map(lambda _: server_factory(env=UNLIMITED), "ab")
    api = await tenants.new()
    run = secrets.token_hex(4)
    counts = Counter[str]()
    acknowledged: dict[str, str] = {}  # name → id
    killed = asyncio.Event()
    gate = asyncio.Semaphore(CONCURRENCY)

    async def write(n: int, clients: tuple[httpx.AsyncClient, httpx.AsyncClient]) -> None:
        name = f"Writer {n}"
        headers = {"Idempotency-Key": f"kill-{run}-{n}"}
        body = {"full_name": name, "start_date": "2024-01-01"}
        target = clients[n % 2]
        async with gate:
            for _ in range(50):
                if killed.is_set():
                    target = clients[1]  # the survivor takes every retry
                counts["requests"] += 1
                try:
                    answer = await target.post("/v1/employees", json=body, headers=headers)
                except httpx.TransportError:
                    counts["connection errors"] += 1
                    await killed.wait()  # only the killed process fails so
                    continue
                if answer.status_code >= 500:
                    counts["5xx"] += 1
                if answer.status_code in (409, 503):  # in flight elsewhere, or unavailable
                    await asyncio.sleep(float(answer.headers.get("retry-after", "1")))
                    continue
                assert answer.status_code == 201, answer.text
                acknowledged[name] = answer.json()["id"]
                counts["replayed"] += answer.headers.get("idempotent-replayed") == "true"
                return
            raise AssertionError(f"{name}: never acknowledged")

    async def kill_midway() -> None:
        await wait_for(lambda: len(acknowledged) >= WRITES // 5, seconds=120)
        doomed.process.send_signal(signal.SIGKILL)
        killed.set()

    async with client(doomed, api) as one, client(survivor, api) as two:
        killer = asyncio.create_task(kill_midway())
        await asyncio.gather(*(write(n, (one, two)) for n in range(WRITES)))
        await killer
    assert doomed.process.wait(timeout=10) == -signal.SIGKILL

    written = await names_written(tenants, api.tenant.workspace_id)
    line = figures(
        "kill -9 of an API during 500 writes",
        writes=WRITES,
        requests=counts["requests"],
        acknowledged=len(acknowledged),
        connection_errors=counts["connection errors"],
        replayed=counts["replayed"],
        lost=len(set(acknowledged) - set(written)),
        doubled=sum(n > 1 for n in written.values()),
        **{"5xx": counts["5xx"]},
    )
    assert counts["connection errors"] >= 1, line  # the kill did hit requests in flight
    assert len(acknowledged) == WRITES, line
    assert set(written) == set(acknowledged), line
    assert max(written.values()) == 1, line


@pytest.mark.usefixtures("quiet_queue")
async def test_a_worker_killed_mid_delivery_loses_no_event(
    tenants: Tenants, worker_factory: Callable[..., subprocess.Popen[bytes]]
) -> None:
    count = 20
    hold = threading.Event()
    # A short lease, so that what the killed worker held is taken over soon.
    lease = {"PULSE_DELIVERY_LEASE_SECONDS": "3", "PULSE_DELIVERY_POLL_SECONDS": "0.2"}
    with running_receiver() as receiver:
        receiver.default = Reply(hold=hold)  # every delivery hangs until released
        api = await tenants.new()
        endpoint = await add_endpoint(tenants, api.tenant, receiver.url)
        await asyncio.gather(*(api.create_employee(full_name=f"Held {n}") for n in range(count)))
        first = worker_factory(**lease)
        await wait_for(lambda: len(receiver.received) >= 1, seconds=60)
        await asyncio.sleep(0.5)  # let it send what else it may at once
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        held = len(receiver.received)
        receiver.default = Reply()
        hold.set()

        worker_factory(**lease)
        found = await all_succeeded(tenants, endpoint["id"], count, seconds=60)
        received = Counter(json.loads(got.body)["id"] for got in receiver.received)

    written = await event_ids(tenants, api.tenant.workspace_id)
    line = figures(
        "kill -9 of a worker mid-delivery",
        events=len(written),
        held_when_killed=held,
        received=sum(received.values()),
        delivered=sum(d["status"] == "succeeded" for d in found),
        missing=len(written - set(received)),
        sent_again_after_the_lease=sum(n > 1 for n in received.values()),
    )
    assert len(written) == count, line
    assert set(received) == written, line
    assert [d["status"] for d in found] == ["succeeded"] * count, line
    # The killed worker recorded nothing: what it held was sent again, once.
    assert sum(n > 1 for n in received.values()) == held, line
    assert max(received.values()) <= 2, line
    assert all(d["attempt_count"] == 1 for d in found), line


async def hire(http: httpx.AsyncClient, key: str) -> httpx.Response:
    """Create an employee named after its Idempotency-Key."""
    body = {"full_name": key, "start_date": "2024-01-01"}
    return await http.post("/v1/employees", json=body, headers={"Idempotency-Key": key})


async def test_connections_terminated_under_load_cost_writes_at_most_a_503(
    server_factory: Servers, tenants: Tenants, database_url: str
) -> None:
    server = server_factory(env={**UNLIMITED, "PULSE_DATABASE_POOL_SIZE": "3"})
    api = await tenants.new()
    run = secrets.token_hex(4)
    reads: Counter[int] = Counter()
    writes: dict[str, int] = {}  # Idempotency-Key → the status answered under the kills
    kills = Counter[str]()
    stop = asyncio.Event()

    async with client(server, api) as http:
        known = (
            await http.post("/v1/employees", json={"full_name": "K", "start_date": "2024-01-01"})
        ).json()["id"]

        async def load(lane: int) -> None:
            n = 0
            while not stop.is_set():
                n += 1
                for path in (f"/v1/employees/{known}", "/v1/employees?limit=5"):
                    reads[(await http.get(path)).status_code] += 1
                key = f"pg-{run}-{lane}-{n}"
                body = {"full_name": key, "start_date": "2024-01-01"}
                answer = await http.post(
                    "/v1/employees", json=body, headers={"Idempotency-Key": key}
                )
                writes[key] = answer.status_code

        async def terminate() -> None:
            for _ in range(10):
                await asyncio.sleep(0.4)
                kills["rounds"] += 1
                kills["connections"] += await kill(database_url)
            stop.set()

        await asyncio.gather(terminate(), *(load(lane) for lane in range(8)))

        # The same process, no restart: every read answers and every 503 write, retried
        # with its key, is applied once.
        await asyncio.sleep(0.2)
        after = [
            (await http.get(f"/v1/employees/{known}")).status_code,
            (await http.get("/v1/employees?limit=5")).status_code,
        ]
        retried = Counter[int]()
        for key, status in writes.items():
            if status != 201:
                body = {"full_name": key, "start_date": "2024-01-01"}
                answer = await http.post(
                    "/v1/employees", json=body, headers={"Idempotency-Key": key}
                )
                retried[answer.status_code] += 1
    written = await names_written(tenants, api.tenant.workspace_id)
    statuses = Counter(writes.values())
    line = figures(
        "pg_terminate_backend under load",
        kill_rounds=kills["rounds"],
        connections_terminated=kills["connections"],
        reads=sum(reads.values()),
        reads_200=reads[200],
        writes=len(writes),
        writes_201=statuses[201],
        writes_503=statuses[503],
        retried_201=retried[201],
        lost=len(set(writes) - set(written)),
        doubled=sum(n > 1 for n in written.values()),
    )
    assert server.process.poll() is None, line
    assert kills["connections"] >= kills["rounds"], line  # each round found some to kill
    assert set(reads) == {200}, line
    assert set(statuses) <= {201, 503}, line
    assert after == [200, 200], line
    assert retried[201] == sum(retried.values()), line
    assert set(written) == {*writes, "K"}, line
    assert max(written.values()) == 1, line


async def test_a_redis_outage_serves_uncounted_with_one_warning_then_counts_again(
    server_factory: Servers, tenants: Tenants
) -> None:
    redis = RedisServer()
    redis.start()
    try:
        server = server_factory(env={"PULSE_REDIS_URL": redis.url})
        api = await tenants.new()
        async with client(server, api) as http:
            before = await http.get("/v1/employees?limit=1")
            redis.stop()
            during = [await http.get("/v1/employees?limit=1") for _ in range(30)]
            redis.start()  # empty: the first window is gone with it
            after = [await http.get("/v1/employees?limit=1") for _ in range(2)]
    finally:
        redis.stop()
    server.stop()
    log = server.log()
    began = [line for line in log.splitlines() if "rate-limit storage unreachable" in line]
    ended = [line for line in log.splitlines() if "rate-limit storage answers again" in line]
    line = figures(
        "Redis stopped and started",
        requests=1 + len(during) + len(after),
        served_200=sum(r.status_code == 200 for r in [before, *during, *after]),
        uncounted=sum("x-ratelimit-remaining" not in r.headers for r in during),
        warnings=len(began),
        recovery_lines=len(ended),
    )
    assert before.headers["x-ratelimit-remaining"] == "999", line
    for answer in during:
        assert answer.status_code == 200, line
        assert "x-ratelimit-remaining" not in answer.headers, line
    assert [r.headers["x-ratelimit-remaining"] for r in after] == ["999", "998"], line
    assert len(began) == 1, (line, log)
    assert len(ended) == 1 and "30 served uncounted" in ended[0], (line, log)
    assert "Traceback" not in log, log
