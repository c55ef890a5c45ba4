"""Per-key rate limits over a rolling minute.

With `PULSE_REDIS_URL` every API process shares one moving window per key through
Redis, with the `limits` library. Without it each process keeps its own windows in
memory, in `InProcessWindows`: `limits`' memory storages start a thread (or hand a
task to one) every few milliseconds to sweep expired hits, and waiting for those
threads cost more than any other part of a request here. A window of one process
needs no sweeper: a key's hits are a queue, and the ones older than a minute are
dropped as the key is next counted.

While Redis cannot be reached, requests are served uncounted: an outage of the
limiter must not become an outage of the API. It is logged once when it begins and
once when Redis answers again, not once per request (a traceback each, hundreds a
second under load, buried what the log was for).
"""

import logging
import math
import time
from collections import deque
from datetime import UTC, datetime

from limits import RateLimitItemPerMinute
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from pulse.core.errors import RateLimited
from pulse.kit.clock import rfc3339

log = logging.getLogger("pulse.ratelimit")

WINDOW_SECONDS = 60


def storage_uri(redis_url: str) -> str:
    scheme, sep, rest = redis_url.partition("://")
    return f"async+{scheme}{sep}{rest}"


class InProcessWindows:
    """Exact moving windows of one process: each key's hits of the last minute, oldest first."""

    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str, limit: int, now: float) -> tuple[bool, float, int]:
        """Count a hit if the window has room; whether it did, when the window next
        frees a place, and how many places remain."""
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - WINDOW_SECONDS:
            hits.popleft()
        allowed = len(hits) < limit
        if allowed:
            hits.append(now)
        reset_at = hits[0] + WINDOW_SECONDS if hits else now
        return allowed, reset_at, limit - len(hits)


class RateLimiter:
    def __init__(self, redis_url: str | None) -> None:
        self._in_process: InProcessWindows | None = None
        self._shared: MovingWindowRateLimiter | None = None
        if redis_url:
            storage = storage_from_string(storage_uri(redis_url))
            assert isinstance(storage, Storage)
            self._shared = MovingWindowRateLimiter(storage)
        else:
            self._in_process = InProcessWindows()
        self._items: dict[int, RateLimitItemPerMinute] = {}
        # While the shared storage is unreachable: requests served uncounted so far.
        self._uncounted: int | None = None

    def _item(self, per_minute: int) -> RateLimitItemPerMinute:
        item = self._items.get(per_minute)
        if item is None:
            item = self._items[per_minute] = RateLimitItemPerMinute(per_minute, namespace="pulse")
        return item

    async def _count(self, key_id: str, per_minute: int) -> tuple[bool, float, int]:
        """Count one hit; whether it was allowed, when the window resets, what remains."""
        if self._in_process is not None:
            return self._in_process.hit(key_id, per_minute, time.time())
        assert self._shared is not None
        item = self._item(per_minute)
        allowed = await self._shared.hit(item, key_id)
        reset_at, remaining = await self._shared.get_window_stats(item, key_id)
        return allowed, reset_at, remaining

    async def hit(self, key_id: str, per_minute: int) -> dict[str, str]:
        """Count one request for `key_id`; the headers to send, or `OverLimit`.

        A limit of 0 means unlimited: nothing is counted and no headers are sent.
        """
        if per_minute <= 0:
            return {}
        try:
            allowed, reset_at, remaining = await self._count(key_id, per_minute)
        except Exception as exc:
            self._storage_failed(exc)
            return {}
        self._storage_answered()
        reset_at = max(reset_at, time.time())
        headers = {
            "X-RateLimit-Limit": str(per_minute),
            "X-RateLimit-Remaining": str(max(remaining, 0)),
            "X-RateLimit-Reset": rfc3339(datetime.fromtimestamp(math.ceil(reset_at), UTC)),
        }
        if not allowed:
            retry_after = max(1, math.ceil(reset_at - time.time()))
            raise OverLimit(per_minute, retry_after, headers)
        return headers

    def _storage_failed(self, exc: Exception) -> None:
        if self._uncounted is None:
            self._uncounted = 0
            log.warning(
                "rate-limit storage unreachable (%r): serving requests uncounted until it "
                "answers again",
                exc,
            )
        self._uncounted += 1

    def _storage_answered(self) -> None:
        if self._uncounted is not None:
            # A warning like the one that began the outage: whoever sees the one at
            # PULSE_LOG_LEVEL=warning sees the other too.
            log.warning(
                "rate-limit storage answers again: counting requests again "
                "(%d served uncounted meanwhile)",
                self._uncounted,
            )
            self._uncounted = None


class OverLimit(Exception):
    """Over the limit: the rate-limit headers still go out with the 429."""

    def __init__(self, per_minute: int, retry_after: int, headers: dict[str, str]) -> None:
        self.headers = headers
        self.error = RateLimited(
            f"Rate limit of {per_minute} requests per minute exceeded; retry in {retry_after} s.",
            retry_after=retry_after,
        )
