"""CPU milliseconds per request inside the application, for the API and the reference app.

    .venv/bin/python -m bench.request_cost [--requests 2000] [--rounds 10] [--profile list]

Both apps are CPU-bound under load on two cores, so the CPU one request costs in the
app's own process is what decides their throughput ratio. This drives each ASGI app
directly (no server, no client, no sockets) with sequential requests against the
10k-row bench database, the two apps in alternating rounds, and reports the median
round's `time.process_time` per request: a steadier figure than a wrk run to compare one
change with the next. PostgreSQL's own CPU is not in it.
`--profile NAME` writes a pyinstrument profile of that scenario's API requests to
`bench/profile-NAME.txt`.
"""

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, timedelta
from itertools import count
from typing import Any

import orjson

from bench.api_load import database_for, first_unused_day, sample_ids
from bench.common import SECRET_KEY

Asgi = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


async def call(app: Asgi, method: str, path: str, headers: dict[str, str], body: bytes) -> int:
    """One request through the ASGI app; its status (the body is read and dropped)."""
    target, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": target,
        "raw_path": target.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        + [(b"content-length", str(len(body)).encode())] * bool(body),
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8080),
    }
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def lifespan(app: Asgi) -> Callable[[], Awaitable[None]]:
    """Start the app's lifespan; returns the coroutine function that ends it."""
    started, stop = asyncio.Event(), asyncio.Event()
    messages = iter([{"type": "lifespan.startup"}])

    async def receive() -> dict[str, Any]:
        message = next(messages, None)
        if message is None:
            await stop.wait()
            return {"type": "lifespan.shutdown"}
        return message

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "lifespan.startup.complete":
            started.set()

    task = asyncio.create_task(app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
    await started.wait()

    async def end() -> None:
        stop.set()
        await task

    return end


Request = tuple[str, str, dict[str, str], bytes]


def scenarios(key: str, employee: str, day: int, ref: bool) -> dict[str, Callable[[], Request]]:
    auth = {} if ref else {"authorization": f"Bearer {key}"}
    days = count(day)

    def post() -> Request:
        n = next(days)
        when = (date(2030, 1, 1) + timedelta(days=n)).isoformat()
        body = orjson.dumps({"employee_id": employee, "date": when, "lines": ["Shipped it."]})
        headers = {**auth, "content-type": "application/json"}
        if not ref:
            headers["idempotency-key"] = f"cost-{n}-{time.time_ns()}"
        return ("POST", "/status-log" if ref else "/v1/status-log", headers, body)

    prefix = "" if ref else "/v1"
    return {
        "list": lambda: ("GET", f"{prefix}/employees?limit=50", auth, b""),
        "get": lambda: ("GET", f"{prefix}/employees/{employee}", auth, b""),
        "status_list": lambda: ("GET", f"{prefix}/status-log?limit=50", auth, b""),
        "status_post": post,
    }


async def measure(app: Asgi, make: Callable[[], Request], requests: int) -> tuple[float, int]:
    """CPU ms per request over `requests` sequential requests; and the last status."""
    status = 0
    started = time.process_time()
    for _ in range(requests):
        status = await call(app, *make())
    return (time.process_time() - started) * 1000 / requests, status


async def compare(
    apps: Mapping[str, Asgi],
    makers: Mapping[str, Callable[[], Request]],
    requests: int,
    rounds: int,
) -> dict[str, float]:
    """Median CPU ms per request of each app, measured in alternating rounds.

    The machine's speed drifts over a sitting (other tenants of the host, frequency); taking
    the apps in turn, round after round, and the median of the rounds keeps that drift out
    of the ratio, which one long run of each after the other does not.
    """
    for label, app in apps.items():
        for _ in range(50):  # warm caches, pools and prepared statements
            await call(app, *makers[label]())
    costs: dict[str, list[float]] = {label: [] for label in apps}
    for round_number in range(rounds):
        order = list(apps) if round_number % 2 == 0 else list(reversed(list(apps)))
        for label in order:
            cost, status = await measure(apps[label], makers[label], max(requests // rounds, 1))
            if status >= 400:
                raise SystemExit(f"{label}: the last request answered {status}")
            costs[label].append(cost)
    return {label: statistics.median(values) for label, values in costs.items()}


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000, help="per app and scenario")
    parser.add_argument("--rounds", type=int, default=10, help="alternating rounds to take")
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--profile", help="scenario to profile with pyinstrument")
    args = parser.parse_args()
    url, info = await database_for(10_000)
    employee = (await sample_ids(url, info["workspace_id"], 1))[0]
    os.environ.update(
        PULSE_DATABASE_URL=url,
        PULSE_DELIVERY_IN_PROCESS="false",
        PULSE_LOG_LEVEL="warning",
        PULSE_SECRET_KEY=SECRET_KEY,
        BENCH_DATABASE_URL=url,
        BENCH_WORKSPACE=info["workspace_id"],
    )
    from bench.reference_app import app as reference
    from pulse.app import create_app

    pulse = create_app()
    apps = {"pulse": pulse, "reference": reference}
    ends = [await lifespan(app) for app in apps.values()]
    names = args.only or list(scenarios("", "", 0, False))
    print("| scenario | pulse CPU ms/request | reference CPU ms/request | ratio |")
    print("|---|---|---|---|")
    for name in names:
        # The reference writes past every day the API will, so the two never claim the same.
        first_day = await first_unused_day(url, info["workspace_id"])
        makers = {
            label: scenarios(
                info["api_key"],
                employee,
                first_day + (args.requests + 100) * (label == "reference"),
                label == "reference",
            )[name]
            for label in apps
        }
        costs = await compare(apps, makers, args.requests, args.rounds)
        print(
            f"| {name} | {costs['pulse']:.3f} | {costs['reference']:.3f} | "
            f"{costs['reference'] / costs['pulse']:.2f} |"
        )
    if args.profile:
        from pyinstrument import Profiler

        day = await first_unused_day(url, info["workspace_id"])
        make = scenarios(info["api_key"], employee, day, False)[args.profile]
        with Profiler(async_mode="enabled") as profiler:
            for _ in range(args.requests):
                await call(pulse, *make())
        path = f"bench/profile-{args.profile}.txt"
        with open(path, "w") as out:
            out.write(profiler.output_text(unicode=True, show_all=True))
        print(f"profile: {path}")
    for end in ends:
        await end()


if __name__ == "__main__":
    asyncio.run(main())
