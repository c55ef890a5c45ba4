"""The event log: `pulse.events`.

The async classes are written in pulsehr/_async/resources/, the sync ones generated from them
(pulsehr/_sync/resources/).
"""

from .._async.resources.events import AsyncEvents, AsyncEventsWithRawResponse
from .._sync.resources.events import Events, EventsWithRawResponse

__all__ = [
    "AsyncEvents",
    "AsyncEventsWithRawResponse",
    "Events",
    "EventsWithRawResponse",
]
