"""What the API says in its response headers: request id, rate-limit figures, Retry-After."""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from datetime import datetime, timezone

import httpx

REQUEST_ID = "X-Request-Id"
RETRY_AFTER = "Retry-After"
IDEMPOTENCY_KEY = "Idempotency-Key"
IDEMPOTENT_REPLAYED = "Idempotent-Replayed"


@dataclass(frozen=True)
class RateLimit:
    """The `X-RateLimit-*` figures of one response (each `None` when the server sent none,
    as a self-hosted server with rate limiting turned off does)."""

    limit: int | None
    """Requests allowed per rolling minute for this API key."""
    remaining: int | None
    """Requests left in the current window."""
    reset: datetime | None
    """When the next request frees up (UTC)."""

    @classmethod
    def from_headers(cls, headers: httpx.Headers) -> RateLimit:
        return cls(
            limit=_int(headers.get("X-RateLimit-Limit")),
            remaining=_int(headers.get("X-RateLimit-Remaining")),
            reset=parse_timestamp(headers.get("X-RateLimit-Reset")),
        )


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def parse_timestamp(value: str | None) -> datetime | None:
    """An RFC 3339 timestamp (`2026-04-20T12:05:00Z`), or None when absent or malformed."""
    if not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):  # fromisoformat accepts "Z" only from Python 3.11 on
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """`Retry-After` in seconds: delta-seconds (the Pulse API's form) or an HTTP date."""
    value = headers.get(RETRY_AFTER)
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.timestamp() - time.time()
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)
