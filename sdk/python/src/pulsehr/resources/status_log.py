"""The async stand-up log: `pulse.status_log`.

The async classes are written in pulsehr/_async/resources/, the sync ones generated from them
(pulsehr/_sync/resources/).
"""

from .._async.resources.status_log import AsyncStatusLog, AsyncStatusLogWithRawResponse
from .._sync.resources.status_log import StatusLog, StatusLogWithRawResponse

__all__ = [
    "AsyncStatusLog",
    "AsyncStatusLogWithRawResponse",
    "StatusLog",
    "StatusLogWithRawResponse",
]
