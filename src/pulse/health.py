"""`/healthz` (the process answers) and `/readyz` (the database answers, schema current)."""

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.responses import Response

from pulse.core.errors import ServiceUnavailable
from pulse.db.migrate import pending_migrations
from pulse.kit.errors import ErrorEnvelope, error_response
from pulse.kit.middleware import request_id
from pulse.kit.runtime import runtime

router = APIRouter(tags=["Health"])


class Health(BaseModel):
    status: Literal["ok"]


@router.get("/healthz", operation_id="health.live", summary="The process is up")
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    operation_id="health.ready",
    summary="The database is reachable and migrated",
    response_model=Health,
    responses={503: {"model": ErrorEnvelope, "description": "Not ready."}},
)
async def readyz(request: Request) -> Response:
    engine = runtime(request).engine
    try:
        behind = await pending_migrations(engine)
    except Exception as exc:
        problem = ServiceUnavailable(f"Database unreachable: {type(exc).__name__}.")
    else:
        if not behind:
            return JSONResponse({"status": "ok"})
        problem = ServiceUnavailable("Database schema is behind: run `pulse migrate`.")
    return error_response(problem, request_id(request.scope))
