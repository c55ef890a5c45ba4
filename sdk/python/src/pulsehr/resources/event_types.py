"""The event catalogue: `pulse.event_types`.

The async classes are written in pulsehr/_async/resources/, the sync ones generated from them
(pulsehr/_sync/resources/).
"""

from .._async.resources.event_types import AsyncEventTypes, AsyncEventTypesWithRawResponse
from .._sync.resources.event_types import EventTypes, EventTypesWithRawResponse

__all__ = [
    "AsyncEventTypes",
    "AsyncEventTypesWithRawResponse",
    "EventTypes",
    "EventTypesWithRawResponse",
]
