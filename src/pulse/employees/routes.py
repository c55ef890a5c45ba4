"""`/v1/employees`: thin routes over the employees service."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from pulse.employees import history, service
from pulse.employees.schemas import (
    Employee,
    EmployeeChange,
    EmployeeChangeList,
    EmployeeCreate,
    EmployeeFilters,
    EmployeeList,
    EmployeeUpdate,
)
from pulse.kit.auth import require_scope
from pulse.kit.database import Db, Tx
from pulse.kit.idempotency import Idempotent, Key
from pulse.kit.openapi import error_responses
from pulse.kit.pagination import ListParams, page_request
from pulse.kit.principals import Principal
from pulse.kit.rendering import json_answer
from pulse.kit.routing import ApiRoute
from pulse.kit.writes import write_plan

EmployeesRead = Annotated[Principal, Depends(require_scope("read:employees"))]
EmployeesWrite = Annotated[Principal, Depends(require_scope("write:employees"))]

router = APIRouter(prefix="/v1/employees", tags=["Employees"], route_class=ApiRoute)


@router.get(
    "", operation_id="employees.list", summary="List employees", response_model=EmployeeList
)
async def list_employees(
    principal: EmployeesRead, params: Annotated[EmployeeFilters, Query()], db: Db
) -> Response:
    page = await service.list_employees(
        db, principal.tenant, params, page_request("employees", params)
    )
    return json_answer(page)


@router.post(
    "",
    status_code=201,
    operation_id="employees.create",
    summary="Create an employee",
    responses=error_responses(409, 422),
    response_model=Employee,
)
async def create_employee(
    principal: EmployeesWrite, key: Key, body: EmployeeCreate, db: Db
) -> Response:
    return await write_plan(db, await service.plan_employee(db, principal, body), key)


@router.get(
    "/{employee_id}",
    operation_id="employees.retrieve",
    summary="Retrieve an employee",
    responses=error_responses(404),
    response_model=Employee,
)
async def get_employee(principal: EmployeesRead, employee_id: str, db: Db) -> Response:
    return json_answer(await service.get_employee(db, principal.tenant, employee_id))


@router.patch(
    "/{employee_id}",
    operation_id="employees.update",
    summary="Update an employee",
    description="Changes only the fields sent. Send `version` to refuse the update (409) "
    "when someone else changed the employee since you read it. Setting `end_date` on or "
    "before today offboards the employee. With an `effective_date` after today the change "
    "is scheduled instead: the answer is 202 with the scheduled change (the employee is "
    "unchanged until that day; `GET /v1/employees/{id}/history` lists it, `DELETE` there "
    "cancels it).",
    responses={
        202: {"model": EmployeeChange, "description": "The change, scheduled."},
        **error_responses(404, 409, 422),
    },
    response_model=Employee,
)
async def update_employee(
    principal: EmployeesWrite, employee_id: str, body: EmployeeUpdate, tx: Tx
) -> Response:
    status, answer = await service.update_employee(tx, principal, employee_id, body)
    return json_answer(answer, status)


@router.get(
    "/{employee_id}/history",
    operation_id="employees.history",
    summary="List an employee's changes",
    description="Every change to the employee, oldest first: its creation, each change "
    "applied, and changes scheduled for a later day (with their status).",
    responses=error_responses(404),
    response_model=EmployeeChangeList,
)
async def list_history(
    principal: EmployeesRead, employee_id: str, params: Annotated[ListParams, Query()], db: Db
) -> Response:
    page = page_request(f"employee_history:{employee_id}", params)
    return json_answer(await history.list_history(db, principal.tenant, employee_id, page))


@router.delete(
    "/{employee_id}/history/{change_id}",
    operation_id="employees.cancel_change",
    summary="Cancel a scheduled change",
    description="Cancels a change still waiting for its effective date; answers the change, "
    "now `cancelled`. A change already applied, cancelled or failed answers 409.",
    responses=error_responses(404, 409),
    response_model=EmployeeChange,
)
async def cancel_change(
    principal: EmployeesWrite, _: Idempotent, employee_id: str, change_id: str, tx: Tx
) -> Response:
    return json_answer(await history.cancel_change(tx, principal, employee_id, change_id))


@router.delete(
    "/{employee_id}",
    operation_id="employees.offboard",
    summary="Offboard an employee",
    description="Ends employment today (unless it already ended) and keeps the record, "
    "now `former`. Answers the employee.",
    responses=error_responses(404, 422),
    response_model=Employee,
)
async def offboard_employee(
    principal: EmployeesWrite, _: Idempotent, employee_id: str, tx: Tx
) -> Response:
    return json_answer(await service.offboard_employee(tx, principal, employee_id))
