"""The Employee Score, of one employee or of groups: `pulse.scores`.

The async classes are written in pulsehr/_async/resources/, the sync ones generated from them
(pulsehr/_sync/resources/).
"""

from .._async.resources.scores import AsyncScores, AsyncScoresWithRawResponse
from .._sync.resources.scores import Scores, ScoresWithRawResponse

__all__ = [
    "AsyncScores",
    "AsyncScoresWithRawResponse",
    "Scores",
    "ScoresWithRawResponse",
]
