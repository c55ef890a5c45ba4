"""`ApiRoute`: the request lifecycle every `/v1` route shares.

Around the handler it runs the unit of work (one transaction, committed only after
the handler succeeded, together with the idempotency record) and turns errors into
the envelope itself, so an error answer can be stored for idempotent replay too.
It also declares the errors every authenticated route can answer in OpenAPI.
"""

from collections.abc import Callable, Coroutine
from typing import Any

import orjson
from fastapi import Request
from fastapi.routing import APIRoute
from starlette.responses import Response

from pulse.kit import idempotency
from pulse.kit.error_handlers import as_api_error
from pulse.kit.errors import envelope, error_response
from pulse.kit.middleware import request_id
from pulse.kit.openapi import error_responses
from pulse.kit.runtime import runtime
from pulse.kit.transactions import UnitOfWork

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
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
            uow = UnitOfWork(engine, write=request.method not in READ_METHODS)
            request.state.unit_of_work = uow
            request.state.idempotency = None
            try:
                response = await handler(request)
                claim = request.state.idempotency
                if claim is not None:
                    conn = await uow.connection()
                    await idempotency.complete(
                        conn, claim, response.status_code, bytes(response.body)
                    )
                await uow.commit()
                return response
            except idempotency.IdempotentReplay as replayed:
                return replayed.response
            except Exception as exc:
                await uow.close()
                error = as_api_error(exc, request)
                rid = request_id(request.scope)
                claim = request.state.idempotency
                if claim is not None:
                    status, body = (
                        (error.status, orjson.dumps(envelope(error, rid))) if error else (500, b"")
                    )
                    await idempotency.settle_failure(engine, claim, status, body)
                if error is None:
                    raise
                return error_response(error, rid)
            finally:
                await uow.close()

        return run
