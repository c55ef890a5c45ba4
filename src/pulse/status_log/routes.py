"""`/v1/status-log`: async stand-ups."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from pulse.kit.auth import Principal, require_scope
from pulse.kit.idempotency import Idempotent
from pulse.kit.openapi import error_responses
from pulse.kit.pagination import page_request
from pulse.kit.rendering import json_answer
from pulse.kit.routing import ApiRoute, writes_in_one_statement
from pulse.kit.transactions import Tx
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
    principal: StatusLogRead, params: Annotated[StatusLogFilters, Query()], tx: Tx
) -> Response:
    page = await service.list_entries(
        tx, principal.tenant, params, page_request("status_log", params)
    )
    return json_answer(page)


@router.post(
    "",
    status_code=201,
    operation_id="status_log.create",
    summary="Post a status-log entry",
    description="One entry per employee per day, for a day the employee is employed.",
    responses=error_responses(404, 409, 422),
)
@writes_in_one_statement
async def post_entry(
    principal: StatusLogWrite, _: Idempotent, body: StatusLogCreate, tx: Tx
) -> StatusLogEntry:
    return await service.post_entry(tx, principal, body)


@router.get(
    "/{entry_id}",
    operation_id="status_log.retrieve",
    summary="Retrieve a status-log entry",
    responses=error_responses(404),
    response_model=StatusLogEntry,
)
async def get_entry(principal: StatusLogRead, entry_id: str, tx: Tx) -> Response:
    return json_answer(await service.get_entry(tx, principal.tenant, entry_id))
