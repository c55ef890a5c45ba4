"""`/v1/status-log`: async stand-ups."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from pulse.kit.auth import require_scope
from pulse.kit.database import Db
from pulse.kit.idempotency import Key
from pulse.kit.openapi import error_responses
from pulse.kit.pagination import page_request
from pulse.kit.principals import Principal
from pulse.kit.rendering import json_answer
from pulse.kit.routing import ApiRoute
from pulse.kit.writes import write_plan
from pulse.status_log import service
from pulse.status_log.schemas import (
    StatusLogCreate,
    StatusLogEntry,
    StatusLogFilters,
    StatusLogList,
)

StatusLogRead = Annotated[Principal, Depends(require_scope("read:status_log"))]
StatusLogWrite = Annotated[Principal, Depends(require_scope("write:status_log"))]

router = APIRouter(prefix="/v1/status-log", tags=["Status log"], route_class=ApiRoute)


@router.get(
    "",
    operation_id="status_log.list",
    summary="List status-log entries",
    response_model=StatusLogList,
)
async def list_entries(
    principal: StatusLogRead, params: Annotated[StatusLogFilters, Query()], db: Db
) -> Response:
    page = await service.list_entries(
        db, principal.tenant, params, page_request("status_log", params)
    )
    return json_answer(page)


@router.post(
    "",
    status_code=201,
    operation_id="status_log.create",
    summary="Post a status-log entry",
    description="One entry per employee per day, for a day the employee is employed.",
    responses=error_responses(404, 409, 422),
    response_model=StatusLogEntry,
)
async def post_entry(
    principal: StatusLogWrite, key: Key, body: StatusLogCreate, db: Db
) -> Response:
    return await write_plan(db, await service.plan_entry(db, principal, body), key)


@router.get(
    "/{entry_id}",
    operation_id="status_log.retrieve",
    summary="Retrieve a status-log entry",
    responses=error_responses(404),
    response_model=StatusLogEntry,
)
async def get_entry(principal: StatusLogRead, entry_id: str, db: Db) -> Response:
    return json_answer(await service.get_entry(db, principal.tenant, entry_id))
