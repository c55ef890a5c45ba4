"""The long-lived parts of one API process, built once by `create_app`."""

import gc
from dataclasses import dataclass, field
from typing import Any

from cachetools import TTLCache
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import HTTPConnection

from pulse.kit.ratelimit import RateLimiter
from pulse.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    limiter: RateLimiter
    # Key id -> monotonic time this process last wrote its `last_used_at`.
    key_last_touched: dict[str, float] = field(default_factory=dict)
    # Secret hash -> the key's row, for `key_cache_seconds` (see kit.auth).
    key_cache: TTLCache[str, dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        if self.settings.key_cache_seconds > 0 and self.key_cache is None:
            self.key_cache = TTLCache(maxsize=10_000, ttl=self.settings.key_cache_seconds)


def runtime(connection: HTTPConnection) -> Runtime:
    value: Runtime = connection.app.state.runtime
    return value


def freeze_startup_objects() -> None:
    """Leave what a long-running process has built by now out of the collector's full passes.

    Modules, the app, its routes and schemas (some 150k objects in an API process) live
    as long as the process; under load the collector's full passes walked all of them
    every few seconds and held every request in flight for up to 80 ms each time.
    """
    gc.freeze()
