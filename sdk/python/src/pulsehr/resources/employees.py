"""Active and former people of the workspace: `pulse.employees`.

The async classes are written in pulsehr/_async/resources/, the sync ones generated from them
(pulsehr/_sync/resources/).
"""

from .._async.resources.employees import AsyncEmployees, AsyncEmployeesWithRawResponse
from .._sync.resources.employees import Employees, EmployeesWithRawResponse

__all__ = [
    "AsyncEmployees",
    "AsyncEmployeesWithRawResponse",
    "Employees",
    "EmployeesWithRawResponse",
]
