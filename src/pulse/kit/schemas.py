"""Field types shared by the resources' schemas."""

from datetime import date, datetime
from typing import Annotated

from pydantic import PlainSerializer, StringConstraints, WithJsonSchema

from pulse.kit.clock import rfc3339

# Output timestamps: RFC 3339, UTC, whole seconds (`2026-04-20T10:12:03Z`).
Timestamp = Annotated[
    datetime,
    PlainSerializer(rfc3339, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]

# Calendar dates are `YYYY-MM-DD`; numbers are not dates.
Day = Annotated[date, WithJsonSchema({"type": "string", "format": "date"})]


# A trimmed, non-blank line of text (names, roles, departments, places).
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]

ResourceId = Annotated[str, StringConstraints(min_length=1, max_length=40)]
