"""When a failed delivery is tried again.

In the spirit of the Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, then
every 10 h, each with ±10 % jitter so retries to one receiver do not arrive in step,
until the delivery's deadline (72 h after the event). A last attempt falls on the
deadline itself, then the delivery is failed.
"""

import random
from datetime import datetime, timedelta

DELAYS = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
)
JITTER = 0.1


def next_attempt_at(
    attempts_made: int, now: datetime, deadline: datetime, rng: random.Random
) -> datetime | None:
    """When to try again after `attempts_made` failed attempts; None once past the deadline."""
    if now >= deadline:
        return None
    delay = DELAYS[min(attempts_made, len(DELAYS)) - 1]
    jittered = delay * rng.uniform(1 - JITTER, 1 + JITTER)
    return min(now + jittered, deadline)
