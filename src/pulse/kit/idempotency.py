"""`Idempotency-Key` on POST and DELETE: a retried request replays, never repeats.

A key is claimed by inserting its record, always in the same commit as what the
request changed, so "changed" and "answer recorded" happen together or not at all,
and a request that fails or whose process dies leaves the key free:

- a write in a transaction (`Idempotent`) claims the key as its first statement, the
  record in flight, and stores its answer just before the transaction commits;
- a create written as a plan (`pulse.kit.writes`) claims the key with its answer in the
  one statement that writes the plan's rows;
- a request that fails with an answer worth keeping (404, 409, 422…) claims the key
  with that answer once its own work is rolled back.

Whichever way, a key that has a record already is answered from it: the same request
(method, path, query and body) replays the stored status and body with
`Idempotent-Replayed: true`, another request gets 409. A key another open transaction
is claiming right now is busy: the request gives its connection back, waits for the
first (up to 5 s) and then replays it, or gets 409 with Retry-After. Records live 24
hours. Validation failures (400), rate limiting (429) and server errors (5xx) are not
stored, so a corrected or later retry runs afresh.

A record never keeps a secret. An answer that shows one (a webhook endpoint's signing
secret) is claimed with `withholding`: its record keeps the answer without that field,
and a replay of it reads the field again from where the secret is kept, encrypted.
"""

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Annotated, Any

import orjson
from fastapi import Depends, Header, Request
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.responses import Response

from pulse.core.errors import Conflict, PulseError
from pulse.core.tenancy import Tenant
from pulse.db.dialect import Claimed, Row
from pulse.db.session import Session, reading, transaction
from pulse.kit import idempotency_repository as records
from pulse.kit.auth import authenticate
from pulse.kit.clock import utcnow
from pulse.kit.database import Tx
from pulse.kit.errors import error_response
from pulse.kit.middleware import request_id
from pulse.kit.principals import Principal
from pulse.kit.rendering import render

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

Answer = tuple[int, bytes]  # a status and the body sent with it


class IdempotentReplay(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


class KeyInUse(Conflict):
    """A 409 about the key itself (used for another request, or still in flight): an
    answer about the key, never stored as its answer."""


@dataclass(frozen=True, slots=True)
class IdempotencyKey:
    """A request's key: whose it is, and a fingerprint of the request it came with."""

    tenant: Tenant
    api_key_id: str
    key: str
    fingerprint: str
    # A top-level field of the answer that the record leaves out: a secret.
    withheld: str | None = None

    def record(self, answer: Answer | None) -> dict[str, Any]:
        status, body = answer if answer is not None else (IN_FLIGHT, None)
        if body is not None and self.withheld is not None:
            body = _without(body, self.withheld)
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


def _without(body: bytes, field: str) -> bytes:
    document = orjson.loads(body)
    if not isinstance(document, dict) or field not in document:
        return body
    del document[field]
    return render(document)


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


async def claim(
    db: Session, key: IdempotencyKey, answer: Answer | None = None, rows: tuple[Row, ...] = ()
) -> None:
    """Claim `key` with `answer` (None: in flight, its answer stored by `store_answer`)
    and write `rows` with it; or raise `IdempotentReplay` or `KeyInUse`."""
    record = key.record(answer)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_FOR_FIRST_SECONDS
    pause = 0.01
    while True:
        claimed = await records.claim(db, record, rows)
        if claimed is Claimed.YES:
            return
        if claimed is Claimed.TAKEN:
            existing = await records.get(db, record)
            if existing is not None and existing["expires_at"] > utcnow():
                if existing["fingerprint"] != key.fingerprint:
                    raise KeyInUse(
                        f"This {HEADER} was already used for a different request; "
                        "use a new key for a new request.",
                        fields=[HEADER],
                    )
                if existing["status_code"] != IN_FLIGHT:
                    raise IdempotentReplay(
                        replay(existing["status_code"], existing["response_body"])
                    )
            # Purged since, expired, or left in flight: take the key over.
            if existing is not None:
                await records.delete_record(db, record)
            continue
        # Busy: another request holds the key. Wait for it without holding a connection.
        await db.close()
        if loop.time() >= deadline:
            # Retry-After marks the one 409 that a retry can cure (clients retry on it).
            raise KeyInUse(
                f"A request with this {HEADER} is still in flight; retry once it has finished.",
                fields=[HEADER],
                retry_after=IN_FLIGHT_RETRY_AFTER_SECONDS,
            )
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.1)


async def store_answer(db: Session, key: IdempotencyKey, response: Response) -> None:
    """Record the answer of a write in a transaction, in that transaction."""
    record = key.record((response.status_code, bytes(response.body)))
    await records.store_response(db, record, record["status_code"], record["response_body"])


async def keep_answer(engine: AsyncEngine, key: IdempotencyKey, response: Response) -> Response:
    """After a failed request (its work rolled back): the answer its key gives from now on.

    An answer worth keeping claims the key, so a retry replays it; but a key that got a
    record meanwhile (or had one: a create plans before it claims) answers from it.
    """
    if not is_stored(response.status_code):
        return response
    async with reading(engine) as db:
        try:
            await claim(db, key, (response.status_code, bytes(response.body)))
        except IdempotentReplay as replayed:
            return replayed.response
    return response


async def purge_expired(engine: AsyncEngine) -> int:
    """Delete records past their 24 hours; returns how many went."""
    async with transaction(engine) as db:
        return await records.purge_expired(db, utcnow())


async def _key_from_header(
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
) -> IdempotencyKey | None:
    if idempotency_key is None:
        return None
    body = await request.body()
    digest = fingerprint(request.method, request.url.path, request.url.query, body)
    key = IdempotencyKey(principal.tenant, principal.key_id, idempotency_key, digest)
    # Whatever the request answers, its key keeps that answer (`kit.routing`).
    request.state.idempotency = key
    return key


Key = Annotated[IdempotencyKey | None, Depends(_key_from_header)]
"""The request's `Idempotency-Key`, not yet claimed: a create written as a plan claims
it with its rows (`pulse.kit.writes.write_plan`)."""


async def _claim_in_transaction(key: Key, tx: Tx) -> None:
    if key is not None:
        await claim(tx, key)


Idempotent = Annotated[None, Depends(_claim_in_transaction)]
"""The request's `Idempotency-Key`, claimed in its transaction before anything else."""

Restore = Callable[[Request, Session, Tenant, dict[str, Any]], Awaitable[dict[str, Any]]]
"""The answer a record kept without its withheld field, with that field read again."""


def withholding(field: str, restore: Restore) -> Any:
    """`Idempotent` for an answer that shows a secret in `field`.

    The key's record keeps the answer without `field`; a replay of a successful answer
    gets it back from `restore`, which reads it where it is kept (encrypted). If that is
    gone since (say the resource was deleted), the replay answers `restore`'s error,
    which is not stored: the record keeps the first answer.
    """

    async def claim_withholding(request: Request, key: Key, tx: Tx) -> None:
        if key is None:
            return
        key = replace(key, withheld=field)
        request.state.idempotency = key  # so that the answer is stored without it too
        try:
            await claim(tx, key)
        except IdempotentReplay as replayed:
            status = replayed.response.status_code
            if status >= 300:
                raise
            kept = orjson.loads(bytes(replayed.response.body))
            try:
                restored = await restore(request, tx, key.tenant, kept)
            except PulseError as gone:
                raise IdempotentReplay(error_response(gone, request_id(request.scope))) from None
            raise IdempotentReplay(replay(status, render(restored))) from None

    return Depends(claim_withholding)
