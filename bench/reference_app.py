"""The ceiling: a bare FastAPI + asyncpg + orjson app running the API's SQL.

No auth, no rate limit, no envelope, no total_count, no events: what the same
framework and driver can do with the same queries. Two routes measure the post's work
instead: `POST /status-log/same-work` does it in a transaction of six round trips
(idempotency claim, employee lookup, the entry with its event, the stored answer), as the
API writes a create in a transaction (kudos, leave); `POST /status-log/one-statement` does
it as one statement in autocommit, the design of the API's write plans (the API reads the
employee first, in a round trip of its own). Run it like the API:

    BENCH_DATABASE_URL=postgresql://… BENCH_WORKSPACE=ws_… \\
        .venv/bin/uvicorn bench.reference_app:app --workers 2 --port 8200 \\
        --loop uvloop --http httptools --no-access-log
"""

import hashlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
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

# The post done in a transaction, statement by statement, as the API writes kudos and leave
# (pulse.kit.idempotency, pulse.db.dialect.insert_claimed).
CLAIM = """
WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS held),
claimed AS (
    INSERT INTO idempotency_keys (workspace_id, environment, api_key_id, key, fingerprint,
                                  status_code, response_body, created_at, expires_at)
    SELECT $2::text, 'test', 'ref', $3::text, $4::text, 0, NULL, $5::timestamptz,
           $6::timestamptz
    FROM lock WHERE held
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT FROM claimed) AS claimed
"""
ENTRY_WITH_EVENT = (
    f"WITH entry AS ({STATUS_INSERT}) "
    "INSERT INTO events (workspace_id, environment, id, type, created_at, data, fanned_out_at) "
    "VALUES ($1, 'test', $8, 'status_log.posted', $7, $9, NULL)"
)
STORE = (
    "UPDATE idempotency_keys SET status_code = 201, response_body = $3 "
    "WHERE workspace_id = $1 AND environment = 'test' AND api_key_id = 'ref' AND key = $2"
)

# All of it in one statement: each step runs only if the one before it did.
ONE_STATEMENT = """
WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS held),
employed AS (
    SELECT 1 FROM employees
    WHERE workspace_id = $2 AND environment = 'test' AND id = $4
      AND start_date <= $5 AND (end_date IS NULL OR $5 <= end_date)
),
claimed AS (
    INSERT INTO idempotency_keys (workspace_id, environment, api_key_id, key, fingerprint,
                                  status_code, response_body, created_at, expires_at)
    SELECT $2::text, 'test', 'ref', $3::text, $9::text, 201, $10::bytea, $8::timestamptz,
           $8::timestamptz + interval '24 hours'
    FROM lock, employed WHERE held
    ON CONFLICT DO NOTHING
    RETURNING 1
),
entry AS (
    INSERT INTO status_log (workspace_id, environment, id, employee_id, date, lines, topic,
                            created_at)
    SELECT $2, 'test', $6, $4, $5, $7::jsonb, NULL, $8 FROM claimed
    RETURNING 1
),
event AS (
    INSERT INTO events (workspace_id, environment, id, type, created_at, data, fanned_out_at)
    SELECT $2, 'test', $11, 'status_log.posted', $8, $12::jsonb, NULL FROM entry
    RETURNING 1
)
SELECT EXISTS (SELECT FROM event) AS written
"""


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


@dataclass(frozen=True)
class IdempotentPost:
    """What both measured posts take from a request: the entry, its answer and the key."""

    raw: bytes
    key: str
    now: datetime
    row: dict[str, Any]

    @classmethod
    async def read(cls, request: Request) -> "IdempotentPost":
        raw = await request.body()
        body = orjson.loads(raw)
        now = datetime.now(UTC)
        row = {
            "id": f"sl_{ULID()}",
            "employee_id": body["employee_id"],
            "date": body["date"],
            "lines": body["lines"],
            "topic": body.get("topic"),
            "created_at": now,
        }
        return cls(raw, request.headers["idempotency-key"], now, row)

    @property
    def lock(self) -> str:
        return f"idempotency:{WORKSPACE}:test:ref:{self.key}"

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()


def _created(answer: bytes) -> Response:
    return Response(answer, status_code=201, media_type="application/json")


@app.post("/status-log/same-work")
async def post_status_same_work(request: Request) -> Response:
    post = await IdempotentPost.read(request)
    row, now = post.row, post.now
    async with request.app.state.pool.acquire() as conn, conn.transaction():
        claim = (post.lock, WORKSPACE, post.key, post.fingerprint, now, now + timedelta(hours=24))
        if not await conn.fetchval(CLAIM, *claim):
            return _json({"error": "key taken or busy"}, 409)
        if await conn.fetchrow(ONE, WORKSPACE, row["employee_id"]) is None:
            return _json({"error": "no such employee"}, 404)
        answer = orjson.dumps(row)
        await conn.execute(
            ENTRY_WITH_EVENT, WORKSPACE, row["id"], row["employee_id"],
            date.fromisoformat(row["date"]), orjson.dumps(row["lines"]).decode(), row["topic"],
            now, f"evt_{ULID()}", answer.decode(),
        )  # fmt: skip
        await conn.execute(STORE, WORKSPACE, post.key, answer)
    return _created(answer)


@app.post("/status-log/one-statement")
async def post_status_one_statement(request: Request) -> Response:
    post = await IdempotentPost.read(request)
    row = post.row
    answer = orjson.dumps(row)
    written = await request.app.state.pool.fetchval(
        ONE_STATEMENT, post.lock, WORKSPACE, post.key, row["employee_id"],
        date.fromisoformat(row["date"]), row["id"], orjson.dumps(row["lines"]).decode(),
        post.now, post.fingerprint, answer, f"evt_{ULID()}", answer.decode(),
    )  # fmt: skip
    if not written:
        return _json({"error": "key taken or busy, or no such employee that day"}, 409)
    return _created(answer)
