"""Erasure and export on the wire."""

from pydantic import BaseModel, Field

from pulse.employees.schemas import Employee, EmployeeChange
from pulse.kit.schemas import Timestamp
from pulse.kudos.schemas import Kudos
from pulse.leave.schemas import Leave, LeaveBalance
from pulse.scores.schemas import EmployeeScore
from pulse.status_log.schemas import StatusLogEntry
from pulse.workload.schemas import WorkloadCheckin


class EmployeeExport(BaseModel):
    """Everything the API holds about one employee, as the API shows it."""

    employee: Employee
    history: list[EmployeeChange] = Field(description="Every change, oldest first.")
    status_log: list[StatusLogEntry]
    kudos_given: list[Kudos]
    kudos_received: list[Kudos]
    workload_checkins: list[WorkloadCheckin]
    leave: list[Leave]
    leave_balances: list[LeaveBalance] = Field(
        description="The balance of each year with leave logged, and of the current year "
        "(or the last year of employment)."
    )
    score: EmployeeScore = Field(description="The Employee Score as of today.")
    exported_at: Timestamp
