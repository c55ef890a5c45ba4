"""Weekly workload check-ins: `pulse.workload_checkins`.

The async classes are written in pulsehr/_async/resources/, the sync ones generated from them
(pulsehr/_sync/resources/).
"""

from .._async.resources.workload_checkins import (
    AsyncWorkloadCheckins,
    AsyncWorkloadCheckinsWithRawResponse,
)
from .._sync.resources.workload_checkins import WorkloadCheckins, WorkloadCheckinsWithRawResponse

__all__ = [
    "AsyncWorkloadCheckins",
    "AsyncWorkloadCheckinsWithRawResponse",
    "WorkloadCheckins",
    "WorkloadCheckinsWithRawResponse",
]
