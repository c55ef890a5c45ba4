"""The request's database session, as routes take it.

The route class (`pulse.kit.routing`) opens a `Session` for each request and closes it
after the answer; a route says how it uses it by the type it asks for:

- `Db`: reads outside a transaction (lists, lookups), and creates written as a plan
  in one statement (`pulse.kit.writes`);
- `Tx`: a transaction, committed by the route class after the handler succeeded,
  together with the answer of the request's `Idempotency-Key`.

The session takes its connection when its first statement runs, so a request holds
none while it authenticates (which reads through a session of its own).
"""

from typing import Annotated

from fastapi import Depends, Request

from pulse.db.session import Session


# Async, as every dependency here: FastAPI runs a plain `def` dependency in a worker
# thread, which cost a request more than its query.
async def _session(request: Request) -> Session:
    db: Session = request.state.db
    return db


async def _transaction(request: Request) -> Session:
    db: Session = request.state.db
    db.begin()
    return db


Db = Annotated[Session, Depends(_session)]
Tx = Annotated[Session, Depends(_transaction)]
