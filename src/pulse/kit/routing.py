"""`ApiRoute`: the request lifecycle every `/v1` route shares.

Around the handler it runs the unit of work (one transaction, committed only after
the handler succeeded, together with the idempotency record) and turns errors into
the envelope itself, so an error answer can be stored for idempotent replay too.
A create marked `@writes_in_one_statement` first tries, on PostgreSQL, to do without
the transaction: its inserts and the idempotency record written in one statement at
the end (`pulse.db.deferred`), or else the transaction as above.
It also declares the errors every authenticated route can answer in OpenAPI.
"""

import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import orjson
from fastapi import Request
from fastapi.routing import APIRoute
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.responses import Response

from pulse.db.deferred import NeedsTransaction, write_pending
from pulse.kit import idempotency
from pulse.kit.error_handlers import as_api_error
from pulse.kit.errors import envelope, error_response, status_of
from pulse.kit.middleware import request_id
from pulse.kit.openapi import error_responses
from pulse.kit.runtime import runtime
from pulse.kit.transactions import UnitOfWork

log = logging.getLogger(__name__)

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Every authenticated route can answer these.
COMMON_ERRORS = (400, 401, 403, 429, 500)
BODY_ERRORS = (413, 415)

EndpointT = TypeVar("EndpointT", bound=Callable[..., Any])


def writes_in_one_statement(endpoint: EndpointT) -> EndpointT:
    """Mark a create whose writes can wait for the end of the request (`pulse.db.deferred`).

    Fit for a create whose rules read only committed rows and whose race a unique index
    decides; not for one that locks a rule across its check and write (those raise
    `NeedsTransaction` and run in a transaction every time).
    """
    endpoint.writes_in_one_statement = True  # type: ignore[attr-defined]
    return endpoint


class ApiRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        methods = set(kwargs.get("methods") or ())
        statuses = COMMON_ERRORS + (BODY_ERRORS if methods & {"POST", "PATCH", "PUT"} else ())
        kwargs["responses"] = {**error_responses(*statuses), **(kwargs.get("responses") or {})}
        # Read by get_route_handler, which the base class calls while it initialises.
        self.deferred_writes = getattr(endpoint, "writes_in_one_statement", False)
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        deferred_writes = self.deferred_writes

        async def run(request: Request) -> Response:
            engine = runtime(request).engine
            if deferred_writes and engine.dialect.name == "postgresql":
                try:
                    response = await _in_one_statement(handler, request, engine)
                except Exception as exc:
                    return await _answer_error(request, engine, exc)
                if response is not None:
                    return response
            return await _in_transaction(handler, request, engine)

        return run


Handler = Callable[[Request], Coroutine[Any, Any, Response]]


async def _in_transaction(handler: Handler, request: Request, engine: AsyncEngine) -> Response:
    """The handler in one transaction, committed with the idempotency record's answer."""
    uow = UnitOfWork(engine, write=request.method not in READ_METHODS)
    request.state.unit_of_work = uow
    request.state.idempotency = None
    try:
        response = await handler(request)
        claim = request.state.idempotency
        if claim is not None:
            await idempotency.complete(
                await uow.connection(), claim, response.status_code, bytes(response.body)
            )
        await uow.commit()
        return response
    except idempotency.IdempotentReplay as replayed:
        return replayed.response
    except Exception as exc:
        await uow.close()
        return await _answer_error(request, engine, exc)
    finally:
        await uow.close()


async def _in_one_statement(
    handler: Handler, request: Request, engine: AsyncEngine
) -> Response | None:
    """The handler with its reads in autocommit and its inserts written at the end in one
    statement, with the idempotency record and its answer.

    None when the request must run again in a transaction, nothing written: a write that
    cannot wait, a broken constraint (the service turns it into its 409 there), a key
    already taken or busy, or any error once a key is given (the key's record answers
    first). Other errors raise, final.
    """
    uow = UnitOfWork(engine, write=True, deferred=True)
    request.state.unit_of_work = uow
    request.state.idempotency = None
    try:
        try:
            response = await handler(request)
        except NeedsTransaction as exc:
            return _again(request, f"needs a transaction for {exc}")
        except Exception as exc:
            if request.state.idempotency is not None:
                return _again(request, f"{type(exc).__name__} with an Idempotency-Key")
            raise
        rows = uow.pending or []
        claim = request.state.idempotency
        conn = await uow.connection()
        try:
            if claim is None:
                await write_pending(conn, rows)
                return response
            answer = bytes(response.body)
            written = await idempotency.claim_with_answer(
                conn, claim, response.status_code, answer, rows
            )
        except IntegrityError:
            return _again(request, "a constraint refused the rows")
        return response if written else _again(request, "the Idempotency-Key is taken or busy")
    finally:
        await uow.close()


def _again(request: Request, reason: str) -> Response | None:
    """None: the request runs again in a transaction (logged with why, at debug)."""
    log.debug("%s %s runs again in a transaction: %s", request.method, request.url.path, reason)
    return None


async def _answer_error(request: Request, engine: AsyncEngine, exc: Exception) -> Response:
    """The envelope for `exc` (re-raised if it is no API error), stored for replay when
    the request claimed an idempotency key."""
    error = as_api_error(exc, request)
    rid = request_id(request.scope)
    claim = request.state.idempotency
    if claim is not None:
        status = status_of(error) if error else 500
        body = orjson.dumps(envelope(error, rid)) if error else b""
        await idempotency.settle_failure(engine, claim, status, body)
    if error is None:
        raise exc
    return error_response(error, rid)
