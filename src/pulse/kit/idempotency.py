"""`Idempotency-Key` on POST and DELETE: a retried request replays, never repeats.

The first request with a key claims it by inserting a record in its own transaction,
as its first write (the primary key makes the claim race-safe: exactly one INSERT
wins). Its answer is stored in that transaction too, so "changed" and "answer
recorded" commit together or not at all, and a request that fails or dies leaves no
claim behind. A retry with the same key and the same request replays the stored status
and body with `Idempotent-Replayed: true`. A concurrent retry finds the key busy (an
advisory lock the claim holds until it commits), gives its connection back, waits
briefly for the first to finish and then replays it; if the first is still running
after that, it gets 409. The same key with a different request is always 409. Records
live 24 hours. Validation failures (400), rate limiting (429) and server errors (5xx)
are not stored, so a corrected or later retry runs afresh.

A create that writes in one statement (`kit.routing`, PostgreSQL) claims the key at the
end instead: the record goes in with its answer, in the statement that writes the rows,
under the same advisory lock. A key already taken or busy writes nothing there, and the
request runs again through the claim described above.
"""

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from starlette.responses import Response

from pulse.core.errors import Conflict
from pulse.core.tenancy import Tenant
from pulse.db.deferred import PendingRows
from pulse.kit import idempotency_repository as records
from pulse.kit.auth import Principal, authenticate
from pulse.kit.clock import utcnow
from pulse.kit.transactions import UnitOfWork, transaction

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
TTL = timedelta(hours=24)
# The status of a record while its request runs: only ever seen inside that request's
# transaction, so a committed record in this state was left by a claim made outside
# one, and is taken over.
IN_FLIGHT = 0
# How long a concurrent retry waits for the first request before answering 409.
WAIT_FOR_FIRST_SECONDS = 5.0
IN_FLIGHT_RETRY_AFTER_SECONDS = 1


class IdempotentReplay(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


@dataclass(frozen=True, slots=True)
class Claim:
    tenant: Tenant
    api_key_id: str
    key: str
    fingerprint: str

    def record(self, status: int, body: bytes | None) -> dict[str, object]:
        now = utcnow()
        return {
            "workspace_id": self.tenant.workspace_id,
            "environment": self.tenant.environment.value,
            "api_key_id": self.api_key_id,
            "key": self.key,
            "fingerprint": self.fingerprint,
            "status_code": status,
            "response_body": body,
            "created_at": now,
            "expires_at": now + TTL,
        }


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


async def claim(uow: UnitOfWork, claim: Claim) -> None:
    """Claim the key in the request's transaction, or raise `IdempotentReplay` / `Conflict`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_FOR_FIRST_SECONDS
    pause = 0.01
    while True:
        conn = await uow.connection()
        claimed = await records.claim(conn, claim.record(IN_FLIGHT, None))
        if claimed is records.Claimed.YES:
            return
        if claimed is records.Claimed.TAKEN:
            existing = await records.get(conn, claim.tenant, claim.api_key_id, claim.key)
            if existing is not None and existing["expires_at"] > utcnow():
                if existing["fingerprint"] != claim.fingerprint:
                    raise Conflict(
                        f"This {HEADER} was already used for a different request; "
                        "use a new key for a new request.",
                        fields=[HEADER],
                    )
                if existing["status_code"] != IN_FLIGHT:
                    answer = replay(existing["status_code"], existing["response_body"])
                    raise IdempotentReplay(answer)
            # Purged since, expired, or left in flight: take the key over in this transaction.
            if existing is not None:
                await records.delete_record(conn, claim.tenant, claim.api_key_id, claim.key)
            continue
        # Busy: another request holds the key. Wait for it without holding a connection.
        await uow.close()
        if loop.time() >= deadline:
            # Retry-After marks the one 409 that a retry can cure (clients retry on it).
            raise Conflict(
                f"A request with this {HEADER} is still in flight; retry once it has finished.",
                fields=[HEADER],
                retry_after=IN_FLIGHT_RETRY_AFTER_SECONDS,
            )
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.1)


async def complete(conn: AsyncConnection, claim: Claim, status: int, body: bytes) -> None:
    """Record the answer in the request's own transaction."""
    await records.store_response(conn, claim.tenant, claim.api_key_id, claim.key, status, body)


async def claim_with_answer(
    conn: AsyncConnection, claim: Claim, status: int, body: bytes, rows: PendingRows
) -> bool:
    """Claim the key with its answer already recorded, and write `rows` with it, in one
    statement; False (nothing written) when the key is taken or busy."""
    claimed = await records.claim(conn, claim.record(status, body), rows)
    return claimed is records.Claimed.YES


async def settle_failure(engine: AsyncEngine, claim: Claim, status: int, body: bytes) -> None:
    """After a rolled-back request (its claim went with it): keep an answer worth replaying."""
    if not is_stored(status):
        return
    async with transaction(engine, write=True) as conn:
        # A retry may have claimed the key since the rollback: then its answer stands.
        await records.insert_if_absent(conn, claim.record(status, body))


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
    body = await request.body()
    digest = fingerprint(request.method, request.url.path, request.url.query, body)
    this = Claim(principal.tenant, principal.key_id, idempotency_key, digest)
    uow: UnitOfWork = request.state.unit_of_work
    if uow.pending is None:
        await claim(uow, this)
    # Deferred writes: the route claims the key with the answer, in one statement with them.
    request.state.idempotency = this


Idempotent = Annotated[None, Depends(_claim_from_header)]
