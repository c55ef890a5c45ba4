"""`/v1/employees/{id}/erase` and `/v1/employees/{id}/export`: thin routes over the
privacy service."""

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.responses import Response

from pulse.employees.schemas import Employee
from pulse.kit.auth import require_scope
from pulse.kit.database import Db, Tx
from pulse.kit.idempotency import Idempotent
from pulse.kit.openapi import error_responses
from pulse.kit.principals import Principal
from pulse.kit.rendering import json_answer
from pulse.kit.routing import ApiRoute
from pulse.privacy import service
from pulse.privacy.schemas import EmployeeExport

EmployeesRead = Annotated[Principal, Depends(require_scope("read:employees"))]
EmployeesWrite = Annotated[Principal, Depends(require_scope("write:employees"))]

router = APIRouter(prefix="/v1/employees", tags=["Employees"], route_class=ApiRoute)


@router.post(
    "/{employee_id}/erase",
    operation_id="employees.erase",
    summary="Erase a former employee's personal data",
    description="Irreversibly replaces the former employee's personal data with "
    '`"[erased]"` or null: name, email, role, location and custom fields; their history, '
    "status-log lines, the notes of kudos they gave or received and of their leave; every "
    "stored event about them and what receivers answered to it. Ids, dates, coins, days "
    "and counts stay. Emits `employee.erased`. Integration keys only; an active employee "
    "answers 422. Erasing again answers the same.",
    responses=error_responses(404, 422),
    response_model=Employee,
)
async def erase_employee(
    principal: EmployeesWrite, _: Idempotent, employee_id: str, tx: Tx
) -> Response:
    return json_answer(await service.erase_employee(tx, principal, employee_id))


@router.get(
    "/{employee_id}/export",
    operation_id="employees.export",
    summary="Export everything about an employee",
    description="One document with the employee, their history, status log, kudos given "
    "and received, workload check-ins, leave and leave balances. A personal key exports "
    "only its own employee.",
    responses=error_responses(404),
    response_model=EmployeeExport,
)
async def export_employee(principal: EmployeesRead, employee_id: str, db: Db) -> Response:
    return json_answer(await service.export_employee(db, principal, employee_id))
