"""Real delivery workers: a killed worker loses nothing, two workers share the work,
and `pulse serve` delivers by itself."""

import asyncio
import json
import signal
import subprocess
import threading
from collections.abc import Callable

import httpx
import pytest

from tests.support.api import Tenants
from tests.support.receiver import Reply, running_receiver
from tests.support.servers import Server
from tests.support.waiting import wait_for
from tests.support.webhook_records import add_endpoint, attempts, deliveries

# Workers serve every tenant: start each test with an empty queue.
pytestmark = pytest.mark.usefixtures("quiet_queue")

Workers = Callable[..., subprocess.Popen[bytes]]


async def test_a_worker_killed_mid_delivery_loses_nothing(
    tenants: Tenants, worker_factory: Workers
) -> None:
    hold = threading.Event()
    with running_receiver() as receiver:
        receiver.script.append(Reply(hold=hold))  # the first attempt hangs
        api = await tenants.new()
        endpoint = await add_endpoint(tenants, api.tenant, receiver.url)
        await api.create_employee()
        settings = {"PULSE_DELIVERY_LEASE_SECONDS": "3", "PULSE_DELIVERY_POLL_SECONDS": "0.2"}
        first = worker_factory(**settings)

        async def first_attempt_arrived() -> bool:
            return len(receiver.received) == 1

        await wait_for(first_attempt_arrived)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        hold.set()

        worker_factory(**settings)

        async def delivered() -> bool:
            found = await deliveries(tenants, endpoint["id"])
            return bool(found) and found[0]["status"] == "succeeded"

        await wait_for(delivered)
        [delivery] = await deliveries(tenants, endpoint["id"])
        lost, taken_over = receiver.received
        assert lost.body == taken_over.body
        assert lost.headers["x-pulse-delivery"] == taken_over.headers["x-pulse-delivery"]
        assert taken_over.headers["x-pulse-delivery"] == delivery["id"]
        # The killed worker recorded no outcome: only the attempt on record counts.
        assert delivery["attempt_count"] == 1
        assert [a["status_code"] for a in await attempts(tenants, delivery["id"])] == [200]


async def test_two_workers_deliver_500_events_once_each(
    tenants: Tenants, worker_factory: Workers
) -> None:
    with running_receiver() as receiver:
        api = await tenants.new()
        endpoint = await add_endpoint(tenants, api.tenant, receiver.url)
        for start in range(0, 500, 50):
            await asyncio.gather(
                *(api.create_employee(full_name=f"Person {n}") for n in range(start, start + 50))
            )
        for _ in range(2):
            worker_factory(PULSE_DELIVERY_POLL_SECONDS="0.2")

        async def all_delivered() -> bool:
            found = await deliveries(tenants, endpoint["id"])
            return len(found) == 500 and all(d["status"] == "succeeded" for d in found)

        await wait_for(all_delivered, seconds=120)
        mine = [
            json.loads(got.body)["id"]
            for got in receiver.received
            if got.headers["x-pulse-delivery"]
            in {d["id"] for d in await deliveries(tenants, endpoint["id"])}
        ]
        assert len(mine) == 500
        assert len(set(mine)) == 500  # nothing twice
        assert all(d["attempt_count"] == 1 for d in await deliveries(tenants, endpoint["id"]))


async def test_pulse_serve_delivers_in_process_by_default(
    tenants: Tenants, server_factory: Callable[..., Server]
) -> None:
    with running_receiver() as receiver:
        api = await tenants.new()
        endpoint = await add_endpoint(tenants, api.tenant, receiver.url)
        server = server_factory(
            env={"PULSE_DELIVERY_IN_PROCESS": "true", "PULSE_DELIVERY_POLL_SECONDS": "0.2"}
        )
        async with httpx.AsyncClient(base_url=server.base_url, headers=api.headers) as http:
            created = await http.post(
                "/v1/employees", json={"full_name": "Ada", "start_date": "2024-01-01"}
            )
            assert created.status_code == 201

        async def delivered() -> bool:
            found = await deliveries(tenants, endpoint["id"])
            return bool(found) and found[0]["status"] == "succeeded"

        await wait_for(delivered)
        assert json.loads(receiver.received[0].body)["data"] == created.json()
