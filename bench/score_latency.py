"""Employee Score latency: one employee with a year of journals, and a department of 200.

    .venv/bin/python -m bench.score_latency [--employees 200] [--requests 200]

Fills a throwaway PostgreSQL database (COPY, through the API's own tables) with a
workspace `bench` whose employees all sit in one department, each with a year of every
journal: a stand-up each working day, a check-in each week, kudos from colleagues about
twice a week, and three weeks of vacation; a neighbour workspace gets the same, so every
query picks its tenant's rows out of others'. Then `pulse serve` (one worker) answers
sequential requests over one connection, so each figure is the request's own time:
`GET /v1/employees/{id}/score` (cycling through the employees) and
`GET /v1/scores?group_by=department`. Prints a Markdown table of p50, p90 and max.
"""

import argparse
import asyncio
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

import asyncpg
import httpx
import orjson
from ulid import ULID

from bench.common import PYTHON, SECRET_KEY, dsn, free_port, process, throwaway_database, wait_http
from pulse.audit.service import CLI
from pulse.core.tenancy import Environment, Tenant
from pulse.db.engine import create_engine
from pulse.db.migrate import upgrade
from pulse.db.session import transaction
from pulse.keys.service import create_key
from pulse.settings import Settings
from pulse.workspaces.service import create_workspace

TODAY = datetime.now(UTC).date()
YEAR = 365
COLUMNS = {
    "employees": [
        "workspace_id", "environment", "id", "full_name", "email", "role", "department",
        "manager_id", "start_date", "end_date", "location", "country", "custom_fields",
        "version", "created_at", "updated_at",
    ],
    "status_log": [
        "workspace_id", "environment", "id", "employee_id", "date", "lines", "topic", "created_at",
    ],
    "workload_checkins": [
        "workspace_id", "environment", "id", "employee_id", "week_start", "level", "created_at",
    ],
    "kudos": [
        "workspace_id", "environment", "id", "from_employee_id", "to_employee_id", "coins",
        "tag", "note", "created_at",
    ],
    "leave": [
        "workspace_id", "environment", "id", "employee_id", "kind", "start_date", "end_date",
        "half_days", "note", "status", "created_at", "cancelled_at",
    ],
}  # fmt: skip
LEVELS = ["light", "balanced", "balanced", "heavy", "overloaded"]


def _id(prefix: str) -> str:
    return f"{prefix}_{ULID()}"


def journals(workspace: str, people: list[str], rng: random.Random) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """A year of every journal for each of `people`, ending today."""
    now = datetime.now(UTC)
    rows: dict[str, list[tuple]] = {table: [] for table in COLUMNS}  # type: ignore[type-arg]
    lines = orjson.dumps(["Shipped the release."]).decode()
    first = TODAY - timedelta(days=YEAR)
    for n, person in enumerate(people):
        rows["employees"].append(
            (workspace, "test", person, f"Person {n}", f"p{n}@{workspace}.example.com",
             "Engineer", "Engineering", None, date(2020, 1, 6), None, "Milan", "IT", "{}", 1,
             now, now)
        )  # fmt: skip
        for back in range(YEAR):
            day = TODAY - timedelta(days=back)
            if day.weekday() < 5 and rng.random() < 0.85:
                rows["status_log"].append(
                    (workspace, "test", _id("sl"), person, day, lines, None, now)
                )
            if day.weekday() == 0:
                level = rng.choice(LEVELS)
                rows["workload_checkins"].append(
                    (workspace, "test", _id("wl"), person, day, level, now)
                )
            if rng.random() < 2 / 7:
                giver = rng.choice([p for p in people[:50] if p != person])
                at = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=10)
                rows["kudos"].append(
                    (workspace, "test", _id("kudo"), giver, person, 5, "craft", None, at)
                )
        for week in (8, 24, 40):
            start = first + timedelta(weeks=week, days=-first.weekday())
            rows["leave"].append(
                (workspace, "test", _id("lv"), person, "vacation", start,
                 start + timedelta(days=4), 10, None, "logged", now, None)
            )  # fmt: skip
    return rows


async def seed(url: str, employees: int) -> tuple[str, list[str]]:
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(Settings(database_url=url))
    try:
        async with transaction(engine) as db:
            big = (await create_workspace(db, "bench", rate_limit_per_minute=0))["id"]
            neighbour = (await create_workspace(db, "neighbour"))["id"]
            _, secret = await create_key(
                db, Tenant(big, Environment.test), ["*"], actor=CLI, name="bench"
            )
    finally:
        await engine.dispose()
    conn = await asyncpg.connect(dsn(url))
    rng = random.Random(2026)
    people = [_id("emp") for _ in range(employees)]
    try:
        for workspace, ids in ((neighbour, [_id("emp") for _ in range(employees)]), (big, people)):
            for table, rows in journals(workspace, ids, rng).items():
                await conn.copy_records_to_table(table, records=rows, columns=COLUMNS[table])
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    return secret, people


def timed(client: httpx.Client, paths: list[str], requests: int) -> list[float]:
    times = []
    for n in range(requests):
        started = time.perf_counter()
        response = client.get(paths[n % len(paths)])
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return times


def row(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[int(len(ordered) * 0.9) - 1]
    return (
        f"| {name} | {len(times)} | {statistics.median(times):.1f} | {p90:.1f} "
        f"| {ordered[-1]:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--employees", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with throwaway_database() as url:
        secret, people = asyncio.run(seed(url, args.employees))
        port = free_port()
        env = {
            "PULSE_DATABASE_URL": url,
            "PULSE_DELIVERY_IN_PROCESS": "false",
            "PULSE_LOG_LEVEL": "warning",
            "PULSE_SECRET_KEY": SECRET_KEY,
        }
        with process([PYTHON, "-m", "pulse", "serve", "--port", str(port)], env):
            base = f"http://127.0.0.1:{port}"
            wait_http(f"{base}/readyz")
            headers = {"Authorization": f"Bearer {secret}"}
            with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
                one = [f"/v1/employees/{person}/score" for person in people]
                group = ["/v1/scores?group_by=department"]
                timed(client, one + group, 20)  # warm the pool and the holiday caches
                results = [
                    row("`GET /v1/employees/{id}/score`", timed(client, one, args.requests)),
                    row(
                        f"`GET /v1/scores?group_by=department` ({args.employees} employees)",
                        timed(client, group, max(args.requests // 10, 10)),
                    ),
                ]
    print("| request | n | p50 ms | p90 ms | max ms |")
    print("|---|---|---|---|---|")
    print("\n".join(results))


if __name__ == "__main__":
    main()
