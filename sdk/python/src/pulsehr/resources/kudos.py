"""Peer recognition: `pulse.kudos`.

The async classes are written in pulsehr/_async/resources/, the sync ones generated from them
(pulsehr/_sync/resources/).
"""

from .._async.resources.kudos import AsyncKudosResource, AsyncKudosResourceWithRawResponse
from .._sync.resources.kudos import KudosResource, KudosResourceWithRawResponse

__all__ = [
    "AsyncKudosResource",
    "AsyncKudosResourceWithRawResponse",
    "KudosResource",
    "KudosResourceWithRawResponse",
]
