"""`/v1/workload-checkins`: weekly self-reported load."""

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
from pulse.workload import service
from pulse.workload.schemas import (
    WorkloadCheckin,
    WorkloadCheckinCreate,
    WorkloadCheckinFilters,
    WorkloadCheckinList,
)

WorkloadRead = Annotated[Principal, Depends(require_scope("read:workload"))]
WorkloadWrite = Annotated[Principal, Depends(require_scope("write:workload"))]

router = APIRouter(
    prefix="/v1/workload-checkins", tags=["Workload check-ins"], route_class=ApiRoute
)


@router.get(
    "",
    operation_id="workload_checkins.list",
    summary="List workload check-ins",
    response_model=WorkloadCheckinList,
)
async def list_checkins(
    principal: WorkloadRead, params: Annotated[WorkloadCheckinFilters, Query()], db: Db
) -> Response:
    page = await service.list_checkins(
        db, principal.tenant, params, page_request("workload_checkins", params)
    )
    return json_answer(page)


@router.post(
    "",
    status_code=201,
    operation_id="workload_checkins.create",
    summary="Record a workload check-in",
    description="One check-in per employee per week (named by its Monday), "
    "for a week in which the employee is employed.",
    responses=error_responses(404, 409, 422),
    response_model=WorkloadCheckin,
)
async def record_checkin(
    principal: WorkloadWrite, key: Key, body: WorkloadCheckinCreate, db: Db
) -> Response:
    return await write_plan(db, await service.plan_checkin(db, principal, body), key)


@router.get(
    "/{checkin_id}",
    operation_id="workload_checkins.retrieve",
    summary="Retrieve a workload check-in",
    responses=error_responses(404),
    response_model=WorkloadCheckin,
)
async def get_checkin(principal: WorkloadRead, checkin_id: str, db: Db) -> Response:
    return json_answer(await service.get_checkin(db, principal.tenant, checkin_id))
