"""`/v1/leave`: the personal leave journal and balances."""

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query
from starlette.responses import Response

from pulse.kit.auth import require_scope
from pulse.kit.clock import today
from pulse.kit.database import Db, Tx
from pulse.kit.idempotency import Idempotent
from pulse.kit.openapi import error_responses
from pulse.kit.pagination import page_request
from pulse.kit.principals import Principal
from pulse.kit.rendering import json_answer
from pulse.kit.routing import ApiRoute
from pulse.kit.schemas import FIRST_DAY, LAST_DAY
from pulse.leave import service
from pulse.leave.schemas import (
    Leave,
    LeaveBalance,
    LeaveCreate,
    LeaveDecision,
    LeaveFilters,
    LeaveList,
)

LeaveRead = Annotated[Principal, Depends(require_scope("read:leave"))]
LeaveWrite = Annotated[Principal, Depends(require_scope("write:leave"))]

router = APIRouter(prefix="/v1/leave", tags=["Leave"], route_class=ApiRoute)


@router.get("", operation_id="leave.list", summary="List leave", response_model=LeaveList)
async def list_leave(
    principal: LeaveRead, params: Annotated[LeaveFilters, Query()], db: Db
) -> Response:
    page = await service.list_leave(db, principal.tenant, params, page_request("leave", params))
    return json_answer(page)


@router.post(
    "",
    status_code=201,
    operation_id="leave.create",
    summary="Log leave",
    description="Logs days off for an employee, within their employment and overlapping none "
    "of their other logged, requested or approved leave. `days` counts working days: Monday "
    "to Friday minus the public holidays of the employee's country, or an explicit number of "
    "half days. When the workspace's leave approval is `manager`, the leave is `requested` "
    "(unless its kind is auto-approved) until approved or declined.",
    responses=error_responses(404, 409, 422),
    response_model=Leave,
)
async def log_leave(principal: LeaveWrite, _: Idempotent, body: LeaveCreate, tx: Tx) -> Response:
    return json_answer(await service.log_leave(tx, principal, body), status_code=201)


@router.get(
    "/balance/{employee_id}",
    operation_id="leave.balance",
    summary="An employee's leave balance for a year",
    responses=error_responses(404),
    response_model=LeaveBalance,
)
async def leave_balance(
    principal: LeaveRead,
    employee_id: str,
    db: Db,
    year: Annotated[
        int | None,
        Query(
            ge=FIRST_DAY.year,
            le=LAST_DAY.year,
            description="Calendar year; defaults to this one.",
        ),
    ] = None,
) -> Response:
    return json_answer(
        await service.balance(db, principal.tenant, employee_id, year or today().year)
    )


@router.get(
    "/{leave_id}",
    operation_id="leave.retrieve",
    summary="Retrieve leave",
    responses=error_responses(404),
    response_model=Leave,
)
async def get_leave(principal: LeaveRead, leave_id: str, db: Db) -> Response:
    return json_answer(await service.get_leave(db, principal.tenant, leave_id))


DecisionBody = Annotated[LeaveDecision | None, Body()]
DECISION_RULES = (
    " Decided by the employee's manager (a personal key) or an integration key; not by the "
    "employee (403). Only `requested` leave is decided (409 otherwise), once."
)


@router.post(
    "/{leave_id}/approve",
    operation_id="leave.approve",
    summary="Approve requested leave",
    description="Marks requested leave `approved`, with `decided_by`, `decided_at` and the "
    "optional note." + DECISION_RULES,
    responses=error_responses(403, 404, 409),
    response_model=Leave,
)
async def approve_leave(
    principal: LeaveWrite, _: Idempotent, leave_id: str, tx: Tx, body: DecisionBody = None
) -> Response:
    return json_answer(await service.decide_leave(tx, principal, leave_id, True, body))


@router.post(
    "/{leave_id}/decline",
    operation_id="leave.decline",
    summary="Decline requested leave",
    description="Marks requested leave `declined` (it no longer blocks other leave), with "
    "`decided_by`, `decided_at` and the optional note." + DECISION_RULES,
    responses=error_responses(403, 404, 409),
    response_model=Leave,
)
async def decline_leave(
    principal: LeaveWrite, _: Idempotent, leave_id: str, tx: Tx, body: DecisionBody = None
) -> Response:
    return json_answer(await service.decide_leave(tx, principal, leave_id, False, body))


@router.delete(
    "/{leave_id}",
    operation_id="leave.cancel",
    summary="Cancel leave",
    description="Marks logged, requested or approved leave cancelled; it stays in the "
    "journal. Cancelling cancelled leave answers it unchanged; declined leave is 409.",
    responses=error_responses(404, 409),
    response_model=Leave,
)
async def cancel_leave(principal: LeaveWrite, _: Idempotent, leave_id: str, tx: Tx) -> Response:
    return json_answer(await service.cancel_leave(tx, principal, leave_id))
