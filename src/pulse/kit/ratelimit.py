"""Per-key rate limits over a rolling minute, with the `limits` library.

Memory storage serves one process; with `PULSE_REDIS_URL` every API process
shares one window per key through Redis.

In memory the synchronous storage is used: nothing in it waits, and the asyncio
variant hands its expiry sweep to a thread after every hit, which cost the API more
than any other part of a request.
"""

import logging
import math
import time
from datetime import UTC, datetime

from limits import RateLimitItemPerMinute, strategies
from limits.aio import strategies as aio_strategies
from limits.aio.storage import Storage
from limits.storage import MemoryStorage, storage_from_string

from pulse.kit.clock import rfc3339
from pulse.kit.errors import RateLimited

log = logging.getLogger("pulse.ratelimit")


def storage_uri(redis_url: str) -> str:
    scheme, sep, rest = redis_url.partition("://")
    return f"async+{scheme}{sep}{rest}"


class RateLimiter:
    def __init__(self, redis_url: str | None) -> None:
        self._in_memory: strategies.MovingWindowRateLimiter | None = None
        self._shared: aio_strategies.MovingWindowRateLimiter | None = None
        if redis_url:
            storage = storage_from_string(storage_uri(redis_url))
            assert isinstance(storage, Storage)
            self._shared = aio_strategies.MovingWindowRateLimiter(storage)
        else:
            self._in_memory = strategies.MovingWindowRateLimiter(MemoryStorage())
        self._items: dict[int, RateLimitItemPerMinute] = {}

    def _item(self, per_minute: int) -> RateLimitItemPerMinute:
        item = self._items.get(per_minute)
        if item is None:
            item = self._items[per_minute] = RateLimitItemPerMinute(per_minute, namespace="pulse")
        return item

    async def _count(self, item: RateLimitItemPerMinute, key_id: str) -> tuple[bool, float, int]:
        """Count one hit; whether it was allowed, when the window resets, what remains."""
        if self._in_memory is not None:
            allowed = self._in_memory.hit(item, key_id)
            reset_at, remaining = self._in_memory.get_window_stats(item, key_id)
        else:
            assert self._shared is not None
            allowed = await self._shared.hit(item, key_id)
            reset_at, remaining = await self._shared.get_window_stats(item, key_id)
        return allowed, reset_at, remaining

    async def hit(self, key_id: str, per_minute: int) -> dict[str, str]:
        """Count one request for `key_id`; return the headers to send, or raise `RateLimited`.

        A limit of 0 means unlimited: nothing is counted and no headers are sent.
        """
        if per_minute <= 0:
            return {}
        item = self._item(per_minute)
        try:
            allowed, reset_at, remaining = await self._count(item, key_id)
        except Exception:
            # An unreachable Redis must not take the API down with it: serve unlimited
            # and say so in the log.
            log.exception("rate-limit storage unavailable; request not counted")
            return {}
        reset_at = max(reset_at, time.time())
        headers = {
            "X-RateLimit-Limit": str(per_minute),
            "X-RateLimit-Remaining": str(max(remaining, 0)),
            "X-RateLimit-Reset": rfc3339(datetime.fromtimestamp(math.ceil(reset_at), UTC)),
        }
        if not allowed:
            retry_after = max(1, math.ceil(reset_at - time.time()))
            raise RateLimited(
                f"Rate limit of {per_minute} requests per minute exceeded; "
                f"retry in {retry_after} s.",
                headers={**headers, "Retry-After": str(retry_after)},
            )
        return headers
