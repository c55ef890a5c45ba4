"""The long-lived parts of one API process, built once by `create_app`."""

from dataclasses import dataclass, field

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


def runtime(connection: HTTPConnection) -> Runtime:
    value: Runtime = connection.app.state.runtime
    return value
