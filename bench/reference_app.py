"""The ceiling: a bare FastAPI + asyncpg + orjson app running the API's SQL.

No auth, no rate limit, no envelope, no total_count, no events: what the same
framework and driver can do with the same queries. Run it like the API:

    BENCH_DATABASE_URL=postgresql://… BENCH_WORKSPACE=ws_… \\
        .venv/bin/uvicorn bench.reference_app:app --workers 2 --port 8200 \\
        --loop uvloop --http httptools --no-access-log
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

import asyncpg
import orjson
from fastapi import FastAPI, Request
from fastapi.responses import Response
from ulid import ULID

from bench.common import dsn

WORKSPACE = os.environ.get("BENCH_WORKSPACE", "")
LIST = (
    "SELECT * FROM employees WHERE workspace_id = $1 AND environment = 'test' AND id > $2 "
    "ORDER BY id LIMIT $3"
)
ONE = "SELECT * FROM employees WHERE workspace_id = $1 AND environment = 'test' AND id = $2"
STATUS_LIST = (
    "SELECT * FROM status_log WHERE workspace_id = $1 AND environment = 'test' AND id > $2 "
    "ORDER BY id LIMIT $3"
)
STATUS_INSERT = (
    "INSERT INTO status_log (workspace_id, environment, id, employee_id, date, lines, topic, "
    "created_at) VALUES ($1, 'test', $2, $3, $4, $5, $6, $7)"
)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.pool = await asyncpg.create_pool(
        dsn(os.environ["BENCH_DATABASE_URL"]), min_size=10, max_size=10
    )
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


def _json(document: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(document), status_code=status, media_type="application/json")


def _rows(records: list[asyncpg.Record]) -> list[dict[str, Any]]:
    return [dict(record) for record in records]


@app.get("/employees")
async def employees(request: Request, limit: int = 50, cursor: str = "") -> Response:
    rows = _rows(await request.app.state.pool.fetch(LIST, WORKSPACE, cursor, limit + 1))
    more = len(rows) > limit
    return _json({"data": rows[:limit], "next_cursor": rows[limit - 1]["id"] if more else None})


@app.get("/employees/{employee_id}")
async def employee(request: Request, employee_id: str) -> Response:
    row = await request.app.state.pool.fetchrow(ONE, WORKSPACE, employee_id)
    return _json(dict(row)) if row else _json({"error": "not found"}, 404)


@app.get("/status-log")
async def status_log(request: Request, limit: int = 50, cursor: str = "") -> Response:
    rows = _rows(await request.app.state.pool.fetch(STATUS_LIST, WORKSPACE, cursor, limit + 1))
    return _json({"data": rows[:limit]})


@app.post("/status-log")
async def post_status(request: Request) -> Response:
    body = orjson.loads(await request.body())
    row = {
        "id": f"sl_{ULID()}",
        "employee_id": body["employee_id"],
        "date": date.fromisoformat(body["date"]),
        "lines": orjson.dumps(body["lines"]).decode(),
        "topic": body.get("topic"),
        "created_at": datetime.now(UTC),
    }
    await request.app.state.pool.execute(
        STATUS_INSERT, WORKSPACE, row["id"], row["employee_id"], row["date"], row["lines"],
        row["topic"], row["created_at"],
    )  # fmt: skip
    return _json(row, 201)
