"""`ApiRoute`: the request lifecycle every `/v1` route shares.

Around the handler it holds the request's database session (`pulse.kit.database`):
a handler that wrote in a transaction is committed after it succeeded, together with
the answer its `Idempotency-Key` keeps; anything else is rolled back. It turns errors
into the envelope itself, so that an error's answer can be kept for its key too. The
handler runs once, whatever happens.

It also declares the errors every authenticated route can answer in OpenAPI.
"""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.responses import Response

from pulse.db.session import Session
from pulse.kit import idempotency
from pulse.kit.error_handlers import as_api_error
from pulse.kit.errors import error_response
from pulse.kit.middleware import request_id
from pulse.kit.openapi import error_responses
from pulse.kit.runtime import runtime

# Every authenticated route can answer these.
COMMON_ERRORS = (400, 401, 403, 429, 500)
BODY_ERRORS = (413, 415)


class ApiRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        methods = set(kwargs.get("methods") or ())
        statuses = COMMON_ERRORS + (BODY_ERRORS if methods & {"POST", "PATCH", "PUT"} else ())
        kwargs["responses"] = {**error_responses(*statuses), **(kwargs.get("responses") or {})}
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            engine = runtime(request).engine
            db = Session(engine)
            request.state.db = db
            request.state.idempotency = None  # the request's Idempotency-Key, once read
            try:
                response = await handler(request)
                if db.in_transaction:
                    key = request.state.idempotency
                    if key is not None:
                        await idempotency.store_answer(db, key, response)
                    await db.commit()
                return response
            except idempotency.IdempotentReplay as replayed:
                return replayed.response
            except Exception as exc:
                await db.close()
                return await _answer_error(request, engine, exc)
            finally:
                await db.close()

        return run


async def _answer_error(request: Request, engine: AsyncEngine, exc: Exception) -> Response:
    """The envelope for `exc` (re-raised if it is no API error), kept as the answer of the
    request's Idempotency-Key, or the answer that key already has."""
    error = as_api_error(exc, request)
    if error is None:
        raise exc
    rid = request_id(request.scope)
    key = request.state.idempotency
    if key is None or isinstance(error, idempotency.KeyInUse):
        return error_response(error, rid)
    try:
        return await idempotency.keep_answer(engine, key, error_response(error, rid))
    except idempotency.KeyInUse as in_use:
        return error_response(in_use, rid)
