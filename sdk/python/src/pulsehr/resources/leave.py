"""The leave journal and balances: `pulse.leave`.

The async classes are written in pulsehr/_async/resources/, the sync ones generated from them
(pulsehr/_sync/resources/).
"""

from .._async.resources.leave import AsyncLeaveResource, AsyncLeaveResourceWithRawResponse
from .._sync.resources.leave import LeaveResource, LeaveResourceWithRawResponse

__all__ = [
    "AsyncLeaveResource",
    "AsyncLeaveResourceWithRawResponse",
    "LeaveResource",
    "LeaveResourceWithRawResponse",
]
