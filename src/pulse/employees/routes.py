"""`/v1/employees`: thin routes over the employees service."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from pulse.employees import service
from pulse.employees.schemas import (
    Employee,
    EmployeeCreate,
    EmployeeFilters,
    EmployeeList,
    EmployeeUpdate,
)
from pulse.kit.auth import require_scope
from pulse.kit.database import Db, Tx
from pulse.kit.idempotency import Idempotent, Key
from pulse.kit.openapi import error_responses
from pulse.kit.pagination import page_request
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
    "before today offboards the employee.",
    responses=error_responses(404, 409, 422),
    response_model=Employee,
)
async def update_employee(
    principal: EmployeesWrite, employee_id: str, body: EmployeeUpdate, tx: Tx
) -> Response:
    return json_answer(await service.update_employee(tx, principal, employee_id, body))


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
