"""How a service's change reaches the database: in a transaction, or as a write plan.

Most writes run in the request's transaction (`Tx`): the service reads, checks its
rules, writes the change and its event, and the route class commits. A create whose
rules read only committed rows, and whose race a unique index decides (an employee, a
stand-up, a check-in), can cost less: its service reads outside a transaction and
returns a `WritePlan` (the new resource, its row and its event's, and which unique
index means which 409), and the route writes it with `write_plan`: the rows and the
Idempotency-Key's record with its answer, in one statement on PostgreSQL. A key that
already has a record is answered from it (`pulse.kit.idempotency`); a broken
constraint is the plan's own 409; nothing runs twice.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Index
from sqlalchemy.exc import IntegrityError
from starlette.responses import Response

from pulse.core.errors import Conflict
from pulse.db.dialect import Row, insert_rows, violates
from pulse.db.session import Session
from pulse.kit import idempotency
from pulse.kit.rendering import render

CREATED = 201


@dataclass(frozen=True, slots=True)
class WritePlan:
    answer: dict[str, Any]  # the new resource, as the API shows it
    rows: tuple[Row, ...]  # its row and its event's, written together
    conflicts: tuple[tuple[Index, Conflict], ...] = ()  # the 409 each unique index means


@contextmanager
def unique_or_conflict(*conflicts: tuple[Index, Conflict]) -> Iterator[None]:
    """Turn a unique index refusing a duplicate into its 409.

    Services check uniqueness before writing when they want a precise message; the
    index is what decides when two requests race past that check together.
    """
    try:
        yield
    except IntegrityError as exc:
        for index, conflict in conflicts:
            if violates(exc, index):
                raise conflict from None
        raise


async def write_plan(
    db: Session, plan: WritePlan, key: idempotency.IdempotencyKey | None
) -> Response:
    """Write the plan (with the key's record and answer, when a key came) at once."""
    body = render(plan.answer)
    with unique_or_conflict(*plan.conflicts):
        if key is None:
            await insert_rows(db, plan.rows)
        else:
            await idempotency.claim(db, key, (CREATED, body), plan.rows)
    return Response(body, status_code=CREATED, media_type="application/json")
