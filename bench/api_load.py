"""API throughput and latency beside its ceilings, all in one sitting.

    .venv/bin/python -m bench.api_load                  # 10k rows, the full table
    .venv/bin/python -m bench.api_load --scale          # list latency at 10k, 100k, 1M rows

Against `pulse serve --workers 2` on PostgreSQL and, with the same SQL, a bare
FastAPI + asyncpg + orjson app (bench/reference_app.py, 2 workers) and pgbench,
driven by wrk (-t2 -c32) from separate processes on loopback. Each run is bounded
(--duration seconds, --repeat times; medians are reported). Databases are made with
bench/seed.py once per size and kept as pulse_bench_<rows> for later sittings.
"""

import argparse
import asyncio
import json
import re
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import asyncpg

from bench import seed
from bench.common import (
    ADMIN_URL,
    PYTHON,
    ROOT,
    SECRET_KEY,
    admin,
    dsn,
    free_port,
    process,
    wait_http,
)
from pulse.db.migrate import upgrade
from pulse.employees.schemas import EmployeeFilters
from pulse.kit.pagination import cursor_after

LUA = Path(__file__).with_name("lua")


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(
    url: str, duration: int, script: Path, env: dict[str, str], connections: int = 32
) -> Result:
    threads = min(2, connections)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    # The distribution's own lines ("     50%    3.21ms"), not a "…99%" column above them.
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    # The scripts that write print each failing status they saw ("status 409: 12").
    for status, count in re.findall(r"^status (\d+): (\d+)$", out, re.MULTILINE):
        print(f"  {url}: {count} answers {status}")
    for line in re.findall(r"^first \d+: .*$", out, re.MULTILINE):
        print(f"  {url}: {line}")
    return Result(rps, p50, p99, int(errors.group(1)) if errors else 0)


def median(results: list[Result]) -> Result:
    return Result(
        statistics.median(r.rps for r in results),
        statistics.median(r.p50_ms for r in results),
        statistics.median(r.p99_ms for r in results),
        sum(r.errors for r in results),
    )


async def database_for(rows: int) -> tuple[str, dict[str, str]]:
    """pulse_bench_<rows>, seeded once; its bench workspace, key and sample ids."""
    name = f"pulse_bench_{rows}"
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    info_file = ROOT / "bench" / f".{name}.json"
    conn = await asyncpg.connect(dsn(ADMIN_URL))
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
    finally:
        await conn.close()
    if not exists or not info_file.exists():
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin(f'CREATE DATABASE "{name}"')
        info = await seed.seed(url, rows, rows)
        info_file.write_text(json.dumps(info))
    await asyncio.to_thread(upgrade, url)  # a database seeded by an older version catches up
    return url, json.loads(info_file.read_text())


async def sample_ids(url: str, workspace: str, limit: int) -> list[str]:
    conn = await asyncpg.connect(dsn(url))
    try:
        records = await conn.fetch(
            "SELECT id FROM employees WHERE workspace_id = $1 AND environment = 'test' "
            "ORDER BY id LIMIT $2",
            workspace,
            limit,
        )
        return [r["id"] for r in records]
    finally:
        await conn.close()


async def deep_id(url: str, workspace: str, from_end: int) -> str:
    """The id `from_end` rows before the tenant's last employee (a deep page's cursor)."""
    conn = await asyncpg.connect(dsn(url))
    try:
        return str(
            await conn.fetchval(
                "SELECT id FROM employees WHERE workspace_id = $1 AND environment = 'test' "
                "ORDER BY id DESC OFFSET $2 LIMIT 1",
                workspace,
                from_end,
            )
        )
    finally:
        await conn.close()


async def vacuum(url: str) -> None:
    """Clear the dead row versions earlier runs left, as autovacuum would between them.

    Every write updates a counter row, and a server with autovacuum off (this bench's
    machine runs PostgreSQL so) lets those versions pile up until each page read
    wades through thousands of them.
    """
    conn = await asyncpg.connect(dsn(url))
    try:
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


async def first_unused_day(url: str, workspace: str) -> int:
    """Days after 2030-01-01 (where the write scripts count from) past every entry so far."""
    conn = await asyncpg.connect(dsn(url))
    try:
        latest = await conn.fetchval(
            "SELECT max(date) FROM status_log WHERE workspace_id = $1", workspace
        )
    finally:
        await conn.close()
    start = date(2030, 1, 1)
    return max(0, (latest - start).days + 1) if latest is not None else 0


SCENARIOS = (
    "list",
    "list_last_page",
    "get",
    "status_list",
    "status_post",
    "status_post_same_work",
    "status_post_one_statement",
    "mixed",
)


def pgbench_list(url: str, workspace: str, duration: int) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(
            f"SELECT * FROM employees WHERE workspace_id = '{workspace}' "
            "AND environment = 'test' ORDER BY id LIMIT 51;\n"
        )
    out = subprocess.run(
        ["pgbench", "-n", "-M", "prepared", "-c32", "-j2", f"-T{duration}", "-f", script.name,
         dsn(url)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return float(re.search(r"tps = ([\d.]+)", out).group(1))  # type: ignore[union-attr]


def servers(url: str, workspace: str) -> tuple[str, str, list[object]]:
    pulse_port, ref_port = free_port(), free_port()
    pulse_env = {
        "PULSE_DATABASE_URL": url,
        "PULSE_DELIVERY_IN_PROCESS": "false",
        "PULSE_LOG_LEVEL": "warning",
        "PULSE_SECRET_KEY": SECRET_KEY,
    }
    ref_env = {"BENCH_DATABASE_URL": url, "BENCH_WORKSPACE": workspace}
    pulse = process(
        [PYTHON, "-m", "pulse", "serve", "--port", str(pulse_port), "--workers", "2"], pulse_env
    )
    reference = process(
        [PYTHON, "-m", "uvicorn", "bench.reference_app:app", "--workers", "2", "--port",
         str(ref_port), "--loop", "uvloop", "--http", "httptools", "--no-access-log",
         "--log-level", "warning"],
        ref_env,
    )  # fmt: skip
    return f"http://127.0.0.1:{pulse_port}", f"http://127.0.0.1:{ref_port}", [pulse, reference]


def run(args: argparse.Namespace, rows: int, scenarios: list[str]) -> dict[str, object]:
    url, info = asyncio.run(database_for(rows))
    workspace, key = info["workspace_id"], info["api_key"]
    ids = asyncio.run(sample_ids(url, workspace, 20_000))
    deep = asyncio.run(deep_id(url, workspace, 50))
    ids_file = Path(tempfile.mkstemp(suffix=".txt")[1])
    ids_file.write_text("\n".join(ids) + "\n")
    deep_cursor = cursor_after("employees", EmployeeFilters(), deep)
    pulse_base, ref_base, managers = servers(url, workspace)
    results: dict[str, object] = {}
    with managers[0], managers[1]:  # type: ignore[attr-defined]
        wait_http(f"{pulse_base}/readyz")
        wait_http(f"{ref_base}/employees?limit=1")
        targets = {
            "list": (f"{pulse_base}/v1/employees?limit=50", f"{ref_base}/employees?limit=50", "get"),
            "list_last_page": (
                f"{pulse_base}/v1/employees?limit=50&cursor={deep_cursor}",
                f"{ref_base}/employees?limit=50&cursor={deep}",
                "get",
            ),
            "get": (f"{pulse_base}/v1/employees/{ids[len(ids) // 2]}",
                    f"{ref_base}/employees/{ids[len(ids) // 2]}", "get"),
            "status_list": (f"{pulse_base}/v1/status-log?limit=50", f"{ref_base}/status-log?limit=50", "get"),
            "status_post": (f"{pulse_base}/v1/status-log", f"{ref_base}/status-log", "post"),
            # The same post against the bare app doing the API's statements: the post's gap
            # split into the work the guarantees cost and what the stack adds.
            "status_post_same_work": (
                f"{pulse_base}/v1/status-log", f"{ref_base}/status-log/same-work", "post"
            ),
            # ... and against the bare app doing that work in one statement (autocommit).
            "status_post_one_statement": (
                f"{pulse_base}/v1/status-log", f"{ref_base}/status-log/one-statement", "post"
            ),
            "mixed": (f"{pulse_base}/v1", f"{ref_base}", "mixed"),
        }  # fmt: skip
        for name in scenarios:
            ours_url, ref_url, kind = targets[name]
            ours, ref = [], []
            for _ in range(args.repeat):
                asyncio.run(vacuum(url))
                # Writes go to days no earlier run has used: one (employee, day) each.
                day = asyncio.run(first_unused_day(url, workspace))
                env = {
                    "BENCH_KEY": key,
                    "BENCH_IDS": str(ids_file),
                    "BENCH_DAY": str(day),
                }
                script = LUA / f"{kind}.lua"
                ours.append(wrk(ours_url, args.duration, script, env, args.connections))
                if args.scale:
                    continue  # the scale curves compare pulse with itself
                # The reference writes two days further on (a run fills less than one).
                ref_env = {**env, "BENCH_DAY": str(day + 2)}
                ref.append(wrk(ref_url, args.duration, script, ref_env, args.connections))
            results[name] = (median(ours), median(ref) if ref else None)
    if "list" in scenarios and not args.scale:
        results["pgbench_list_tps"] = pgbench_list(url, workspace, args.duration)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", action="store_true", help="list latency at 10k, 100k, 1M rows")
    parser.add_argument("--only", nargs="*", choices=SCENARIOS, help="scenarios to run")
    parser.add_argument(
        "--connections", type=int, help="wrk connections (default 32; 1 with --scale: latency)"
    )
    args = parser.parse_args()
    args.connections = args.connections or (1 if args.scale else 32)
    if args.scale:
        print(
            "| rows | list p50 (ms) | last page p50 (ms) | list req/s | count(*) ms | counter ms |"
        )
        print("|---|---|---|---|---|---|")
        for rows in (10_000, 100_000, 1_000_000):
            results = run(args, rows, ["list", "list_last_page"])
            first, _ = results["list"]  # type: ignore[misc]
            last, _ = results["list_last_page"]  # type: ignore[misc]
            count_ms, counter_ms = asyncio.run(count_costs(rows))
            print(
                f"| {rows:,} | {first.p50_ms:.2f} | {last.p50_ms:.2f} | {first.rps:,.0f} | {count_ms:.2f} | {counter_ms:.2f} |"
            )
        return
    scenarios = args.only or [
        "list",
        "list_last_page",
        "get",
        "status_list",
        "status_post",
        "mixed",
    ]
    results = run(args, args.rows, scenarios)
    print(
        f"\n{args.rows:,} employees and status-log rows; wrk -t2 -c32, {args.repeat}×{args.duration} s, medians\n"
    )
    print(
        "| scenario | pulse req/s | p50 ms | p99 ms | reference req/s | p50 ms | p99 ms | ratio |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name in scenarios:
        ours, ref = results[name]  # type: ignore[misc]
        flag = f" ({ours.errors} errors)" if ours.errors else ""
        flag += f" (reference: {ref.errors} errors)" if ref.errors else ""
        print(
            f"| {name}{flag} | {ours.rps:,.0f} | {ours.p50_ms:.1f} | {ours.p99_ms:.1f} | {ref.rps:,.0f} | {ref.p50_ms:.1f} | {ref.p99_ms:.1f} | {ours.rps / ref.rps:.2f} |"
        )
    if "pgbench_list_tps" in results:
        tps = results["pgbench_list_tps"]
        ours, ref = results["list"]  # type: ignore[misc]
        print(
            f"\npgbench, the list query (prepared, -c32 -j2): {tps:,.0f} tps; pulse list = {ours.rps / tps:.2f}× pgbench, reference = {ref.rps / tps:.2f}× pgbench"
        )  # type: ignore[operator]


async def count_costs(rows: int) -> tuple[float, float]:
    """Milliseconds of an exact count(*) over the tenant, and of the maintained counter."""
    url, info = await database_for(rows)
    conn = await asyncpg.connect(dsn(url))
    try:
        timings = []
        for query in (
            "SELECT count(*) FROM employees WHERE workspace_id = $1 AND environment = 'test'",
            "SELECT coalesce(sum(count), 0) FROM row_counts WHERE workspace_id = $1 "
            "AND environment = 'test' AND resource = 'employees'",
        ):
            samples = []
            for _ in range(7):
                started = time.perf_counter()
                await conn.fetchval(query, info["workspace_id"])
                samples.append((time.perf_counter() - started) * 1000)
            timings.append(statistics.median(samples))
        return timings[0], timings[1]
    finally:
        await conn.close()


if __name__ == "__main__":
    main()
