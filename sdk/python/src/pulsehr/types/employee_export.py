from __future__ import annotations

from datetime import datetime

from .._models import BaseModel
from .employee import Employee
from .employee_change import EmployeeChange
from .kudos import Kudos
from .leave import Leave
from .leave_balance import LeaveBalance
from .score import EmployeeScore
from .status_log_entry import StatusLogEntry
from .workload_checkin import WorkloadCheckin

__all__ = ["EmployeeExport"]


class EmployeeExport(BaseModel):
    """Everything the API holds about one employee, as the API shows it."""

    employee: Employee
    history: list[EmployeeChange]
    """Every change, oldest first."""
    status_log: list[StatusLogEntry]
    kudos_given: list[Kudos]
    kudos_received: list[Kudos]
    workload_checkins: list[WorkloadCheckin]
    leave: list[Leave]
    leave_balances: list[LeaveBalance]
    """The balance of each year with leave, and of the current (or last employed) year."""
    score: EmployeeScore
    """The Employee Score as of today."""
    exported_at: datetime
