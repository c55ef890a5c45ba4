"""Fill a PostgreSQL database with a large workspace (and neighbours) for the benchmarks.

    .venv/bin/python bench/seed.py postgresql://postgres@127.0.0.1:5432/pulse_bench \\
        --employees 1000000 --status-log 1000000

Rows go in with COPY in batches, into the same tables the API uses (their insert
triggers keep the row counts), with a progress bar. The big workspace is named "bench"; two neighbour
workspaces get a tenth of its rows each, so every query must pick its tenant's rows
out of others'. Prints one JSON line: the workspace id and an all-scopes API key.
"""

import argparse
import asyncio
import json
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import asyncpg
import orjson
from rich.progress import Progress
from ulid import ULID

from bench.common import dsn
from pulse.audit.service import CLI
from pulse.core.tenancy import Environment, Tenant
from pulse.db.engine import create_engine
from pulse.db.migrate import upgrade
from pulse.db.session import transaction
from pulse.keys.service import create_key
from pulse.settings import Settings
from pulse.workspaces.service import create_workspace

BATCH = 20_000
DEPARTMENTS = ["Engineering", "Design", "People", "Sales", "Support", "Finance"]
LINES = ["Shipped the release.", "Reviewed two PRs.", "Planning the next sprint."]
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def _ids(prefix: str, count: int, start: datetime) -> Iterator[str]:
    """Prefixed ULIDs in creation order, spread over time like real ones."""
    step = timedelta(seconds=1)
    for n in range(count):
        yield f"{prefix}_{ULID.from_datetime(start + step * n)}"


async def _copy(
    conn: asyncpg.Connection, table: str, columns: list[str], rows: list[tuple]
) -> None:  # type: ignore[type-arg]
    await conn.copy_records_to_table(table, records=rows, columns=columns)


EMPLOYEE_COLUMNS = [
    "workspace_id", "environment", "id", "full_name", "email", "role", "department",
    "manager_id", "start_date", "end_date", "location", "country", "custom_fields",
    "version", "created_at", "updated_at",
]  # fmt: skip
STATUS_COLUMNS = [
    "workspace_id", "environment", "id", "employee_id", "date", "lines", "topic", "created_at",
]  # fmt: skip


async def seed_workspace(
    conn: asyncpg.Connection,  # type: ignore[type-arg]
    workspace: str,
    employees: int,
    status_log: int,
    progress: Progress,
) -> list[str]:
    rng = random.Random(workspace)
    now = datetime.now(UTC)
    employee_ids: list[str] = []
    task = progress.add_task(f"{workspace} employees", total=employees)
    ids = _ids("emp", employees, EPOCH)
    for start in range(0, employees, BATCH):
        rows = []
        for n in range(start, min(start + BATCH, employees)):
            employee_id = next(ids)
            employee_ids.append(employee_id)
            email = f"person{n}@{workspace.lower()}.example.com"
            rows.append(
                (
                    workspace, "test", employee_id, f"Person {n}", email, "Engineer",
                    rng.choice(DEPARTMENTS), None, date(2019, 1, 1), None, "Remote", "IT",
                    "{}", 1, now, now,
                )
            )  # fmt: skip
        await _copy(conn, "employees", EMPLOYEE_COLUMNS, rows)
        progress.advance(task, len(rows))

    task = progress.add_task(f"{workspace} status log", total=status_log)
    ids = _ids("sl", status_log, EPOCH + timedelta(days=400))
    lines = orjson.dumps(LINES).decode()
    for start in range(0, status_log, BATCH):
        rows = []
        for n in range(start, min(start + BATCH, status_log)):
            # One entry per employee per day: walk employees, then days.
            employee = employee_ids[n % len(employee_ids)]
            day = date(2020, 1, 1) + timedelta(days=n // len(employee_ids))
            rows.append((workspace, "test", next(ids), employee, day, lines, None, now))
        await _copy(conn, "status_log", STATUS_COLUMNS, rows)
        progress.advance(task, len(rows))
    return employee_ids


async def seed(url: str, employees: int, status_log: int) -> dict[str, str]:
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(Settings(database_url=url))
    try:
        async with transaction(engine) as db:
            # A limit never reached: the limiter still runs on every request, as in production.
            big = (await create_workspace(db, "bench", rate_limit_per_minute=100_000_000))["id"]
            neighbours = [(await create_workspace(db, f"neighbour {n}"))["id"] for n in (1, 2)]
            _, secret = await create_key(
                db, Tenant(big, Environment.test), ["*"], actor=CLI, name="bench"
            )
    finally:
        await engine.dispose()
    conn = await asyncpg.connect(dsn(url))
    try:
        with Progress() as progress:
            for neighbour in neighbours:
                await seed_workspace(conn, neighbour, employees // 10, status_log // 10, progress)
            ids = await seed_workspace(conn, big, employees, status_log, progress)
        # What autovacuum would do: the counters' insert triggers left a dead row
        # version behind for every statement that wrote.
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    return {
        "workspace_id": big,
        "api_key": secret,
        "first_employee": ids[0],
        "last_employee": ids[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("database_url")
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--status-log", type=int, default=10_000)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(seed(args.database_url, args.employees, args.status_log))))


if __name__ == "__main__":
    main()
