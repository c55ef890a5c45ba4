"""Webhook delivery throughput: `pulse worker`s against a bare httpx client, same receiver.

    .venv/bin/python bench/webhook_delivery.py --events 3000

Creates a throwaway PostgreSQL database (PULSE_BENCH_POSTGRES_URL, default
postgresql://postgres@127.0.0.1:5432/postgres), starts a receiver on loopback, and for
1 and 2 workers: writes N events to one subscribed endpoint in one transaction, then
times the workers (already running) until every delivery has succeeded. The ceiling
is one httpx AsyncClient posting the same signed payloads to the same receiver with
the same total concurrency. Prints a table; the figures go in bench/README.md.
"""

import argparse
import asyncio
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy import func, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.core.secrets import SecretBox, generate_key
from pulse.db.engine import create_engine
from pulse.db.migrate import upgrade
from pulse.db.session import transaction
from pulse.db.tables import events, webhook_deliveries, webhook_endpoints
from pulse.events.documents import event_body
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id
from pulse.settings import Settings
from pulse.webhooks.signing import generate_secret, signature_header
from pulse.workspaces.service import create_workspace

ROOT = Path(__file__).resolve().parent.parent
# A run bounds itself: deliveries that stop succeeding (a refused target, a dead
# receiver) end it with a message instead of a wait without end.
STALL_SECONDS = 30
# The PULSE_SECRET_KEY of the throwaway database, for the workers and the seeded endpoint.
SECRET_KEY = generate_key()
PAYLOAD = {
    "id": "lv_01HR3V6Q9X1M2N3P4Q5R6S7T8W",
    "employee_id": "emp_01HR3V6Q9X1M2N3P4Q5R6S7T8X",
    "kind": "vacation",
    "start_date": "2026-05-04",
    "end_date": "2026-05-08",
    "days": 5,
    "note": "Lisbon",
    "status": "logged",
}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def admin(url: str, statement: str) -> None:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def seed(engine: AsyncEngine, receiver_url: str, count: int) -> str:
    """A workspace, one endpoint subscribed to everything, and `count` new events."""
    now = utcnow()
    async with transaction(engine) as conn:
        workspace = (await create_workspace(conn, "bench"))["id"]
        endpoint_id = new_id("we")
        await conn.execute(
            insert(webhook_endpoints).values(
                workspace_id=workspace,
                environment="test",
                id=endpoint_id,
                url=receiver_url,
                description=None,
                events=["*"],
                enabled=True,
                disabled_reason=None,
                secret=SecretBox(SECRET_KEY).encrypt(generate_secret()),
                previous_secret=None,
                previous_secret_expires_at=None,
                created_at=now,
                updated_at=now,
            )
        )
    async with transaction(engine) as conn:
        await conn.execute(
            insert(events),
            [
                {
                    "workspace_id": workspace,
                    "environment": "test",
                    "id": new_id("evt"),
                    "type": "leave.logged",
                    "created_at": now,
                    "data": PAYLOAD,
                    "fanned_out_at": None,
                }
                for _ in range(count)
            ],
        )
    return endpoint_id


async def succeeded(engine: AsyncEngine, endpoint_id: str) -> int:
    async with engine.connect() as conn:
        query = select(func.count()).where(
            webhook_deliveries.c.endpoint_id == endpoint_id,
            webhook_deliveries.c.status == "succeeded",
        )
        return int((await conn.execute(query)).scalar_one())


async def run_workers(
    engine: AsyncEngine,
    database_url: str,
    receiver_url: str,
    workers: int,
    count: int,
    concurrency: int,
) -> float:
    env = {
        **os.environ,
        "PULSE_DATABASE_URL": database_url,
        "PULSE_DELIVERY_CONCURRENCY": str(concurrency),
        "PULSE_DELIVERY_POLL_SECONDS": "0.05",
        "PULSE_LOG_LEVEL": "warning",
        "PULSE_SECRET_KEY": SECRET_KEY,
        # The receiver listens on loopback, which deployments refuse by default.
        "PULSE_WEBHOOK_ALLOW_LOOPBACK_TARGETS": "true",
    }
    processes = [
        subprocess.Popen([sys.executable, "-m", "pulse", "worker"], cwd=ROOT, env=env)
        for _ in range(workers)
    ]
    try:
        await asyncio.sleep(3)  # let them start and go idle
        started = time.perf_counter()
        endpoint_id = await seed(engine, receiver_url, count)
        done, progressed_at = 0, time.perf_counter()
        while done < count:
            await asyncio.sleep(0.05)
            now_done = await succeeded(engine, endpoint_id)
            if now_done > done:
                done, progressed_at = now_done, time.perf_counter()
            elif time.perf_counter() - progressed_at > STALL_SECONDS:
                raise SystemExit(
                    f"no delivery succeeded for {STALL_SECONDS} s ({done} of {count}): "
                    "look at the attempts' errors in the database"
                )
        return count / (time.perf_counter() - started)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)


async def run_ceiling(receiver_url: str, count: int, concurrency: int) -> float:
    """A bare client: the same signed payloads, the same receiver, no database."""
    row = {"id": new_id("evt"), "type": "leave.logged", "created_at": utcnow(), "data": PAYLOAD}
    body = event_body(row)
    secret = generate_secret()
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency)) as http:

        async def post() -> None:
            async with gate:
                headers = {
                    "Content-Type": "application/json",
                    "X-Pulse-Event": "leave.logged",
                    "X-Pulse-Delivery": new_id("del"),
                    "X-Pulse-Signature": signature_header(body, [secret], int(time.time())),
                }
                response = await http.post(receiver_url, content=body, headers=headers)
                response.raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(post() for _ in range(count)))
        return count / (time.perf_counter() - started)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32, help="per worker")
    args = parser.parse_args()
    admin_url = os.environ.get(
        "PULSE_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    name = f"pulse_bench_{secrets.token_hex(4)}"
    await admin(admin_url, f'CREATE DATABASE "{name}"')
    database_url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    port = free_port()
    receiver = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("receiver.py")), "--port", str(port)]
    )
    receiver_url = f"http://127.0.0.1:{port}/hook"
    engine = create_engine(Settings(database_url=database_url))
    try:
        await asyncio.to_thread(upgrade, database_url)
        await asyncio.sleep(1)
        results = []
        for workers in (1, 2):
            rate = await run_workers(
                engine, database_url, receiver_url, workers, args.events, args.concurrency
            )
            ceiling = await run_ceiling(receiver_url, args.events, args.concurrency * workers)
            results.append((workers, rate, ceiling))
        print(f"\n{args.events} deliveries each, {args.concurrency} concurrent per worker\n")
        print("| workers | deliveries/s | bare httpx client/s | ratio |")
        print("|---|---|---|---|")
        for workers, rate, ceiling in results:
            print(f"| {workers} | {rate:,.0f} | {ceiling:,.0f} | {rate / ceiling:.2f} |")
    finally:
        await engine.dispose()
        receiver.terminate()
        receiver.wait()
        await admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    asyncio.run(main())
