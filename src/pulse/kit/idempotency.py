"""`Idempotency-Key` on POST and DELETE: a retried request replays, never repeats.

The first request with a key claims it by inserting a record (the primary key makes
the claim race-safe: exactly one INSERT wins). Its response is stored in the same
transaction as its change, so "changed" and "answer recorded" cannot disagree.
A retry with the same key and the same request replays the stored status and body
with `Idempotent-Replayed: true`. A concurrent retry waits briefly for the first to
finish and then replays it; if the first is still running after that, it gets
409. The same key with a different request is always 409. Records live 24 hours.
Validation failures (400), rate limiting (429) and server errors (5xx) are not
stored: the claim is released so a corrected or later retry runs afresh.
"""

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from starlette.responses import Response

from pulse.kit import idempotency_repository as records
from pulse.kit.auth import Principal, authenticate
from pulse.kit.clock import utcnow
from pulse.kit.errors import Conflict
from pulse.kit.runtime import runtime
from pulse.kit.tenancy import Tenant
from pulse.kit.transactions import autocommit, transaction

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
TTL = timedelta(hours=24)
IN_FLIGHT = 0
# How long a concurrent retry waits for the first request before answering 409.
WAIT_FOR_FIRST_SECONDS = 5.0
IN_FLIGHT_RETRY_AFTER_SECONDS = 1
# A claim still in flight after this long belongs to a process that died.
ABANDONED_AFTER = timedelta(seconds=60)


class IdempotentReplay(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


@dataclass(frozen=True, slots=True)
class Claim:
    tenant: Tenant
    api_key_id: str
    key: str


def fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def is_stored(status: int) -> bool:
    return status < 500 and status not in (400, 429)


def replay(status: int, body: bytes) -> Response:
    return Response(
        body, status_code=status, media_type="application/json", headers={REPLAYED_HEADER: "true"}
    )


async def claim(engine: AsyncEngine, claim: Claim, request_fingerprint: str) -> None:
    """Claim the key, or raise `IdempotentReplay` / `Conflict`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_FOR_FIRST_SECONDS
    pause = 0.01
    while True:
        now = utcnow()
        # Each statement stands alone: the INSERT is atomic, and the later DELETE only
        # removes the very record it read.
        async with autocommit(engine) as conn:
            row = {
                "workspace_id": claim.tenant.workspace_id,
                "environment": claim.tenant.environment.value,
                "api_key_id": claim.api_key_id,
                "key": claim.key,
                "fingerprint": request_fingerprint,
                "status_code": IN_FLIGHT,
                "response_body": None,
                "created_at": now,
                "expires_at": now + TTL,
            }
            if await records.insert_if_absent(conn, row):
                return
            existing = await records.get(conn, claim.tenant, claim.api_key_id, claim.key)
            if existing is None:
                continue  # released between our insert and read: try again
            if existing["expires_at"] <= now or (
                existing["status_code"] == IN_FLIGHT
                and existing["created_at"] < now - ABANDONED_AFTER
            ):
                await records.delete_record(
                    conn,
                    claim.tenant,
                    claim.api_key_id,
                    claim.key,
                    created_at=existing["created_at"],
                )
                continue
        if existing["fingerprint"] != request_fingerprint:
            raise Conflict(
                f"This {HEADER} was already used for a different request; "
                "use a new key for a new request.",
                fields=[HEADER],
            )
        if existing["status_code"] != IN_FLIGHT:
            raise IdempotentReplay(replay(existing["status_code"], existing["response_body"]))
        if loop.time() >= deadline:
            # Retry-After marks the one 409 that a retry can cure (clients retry on it).
            raise Conflict(
                f"A request with this {HEADER} is still in flight; retry once it has finished.",
                fields=[HEADER],
                headers={"Retry-After": str(IN_FLIGHT_RETRY_AFTER_SECONDS)},
            )
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.1)


async def complete(conn: AsyncConnection, claim: Claim, status: int, body: bytes) -> None:
    """Record the answer in the request's own transaction."""
    await records.store_response(conn, claim.tenant, claim.api_key_id, claim.key, status, body)


async def settle_failure(engine: AsyncEngine, claim: Claim, status: int, body: bytes) -> None:
    """After a rolled-back request: keep an answer worth replaying, else free the key."""
    async with transaction(engine, write=True) as conn:
        if is_stored(status):
            await complete(conn, claim, status, body)
        else:
            await records.delete_record(conn, claim.tenant, claim.api_key_id, claim.key)


async def purge_expired(engine: AsyncEngine) -> int:
    """Delete records past their 24 hours; returns how many went."""
    async with transaction(engine, write=True) as conn:
        return await records.purge_expired(conn, utcnow())


async def _claim_from_header(
    request: Request,
    principal: Annotated[Principal, Depends(authenticate)],
    idempotency_key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            min_length=1,
            max_length=255,
            description="Makes a retry of this request safe: the same key and request replay "
            "the first answer (with `Idempotent-Replayed: true`) for 24 hours.",
        ),
    ] = None,
) -> None:
    if idempotency_key is None:
        return
    this = Claim(principal.tenant, principal.key_id, idempotency_key)
    body = await request.body()
    digest = fingerprint(request.method, request.url.path, request.url.query, body)
    await claim(runtime(request).engine, this, digest)
    request.state.idempotency = this


Idempotent = Annotated[None, Depends(_claim_from_header)]
