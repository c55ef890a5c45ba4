"""An event as receivers and the API see it: `{"id", "type", "created_at", "data"}`."""

from collections.abc import Mapping
from typing import Any

import orjson

from pulse.kit.clock import rfc3339


def event_document(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "type": row["type"],
        "created_at": rfc3339(row["created_at"]),
        "data": row["data"],
    }


def event_body(row: dict[str, Any]) -> bytes:
    """The exact bytes POSTed to endpoints, identical on every retry and replay."""
    return orjson.dumps(event_document(row))
