"""Field types shared by the resources' schemas."""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

# Output timestamps: RFC 3339, UTC, whole seconds (`2026-04-20T10:12:03Z`). Pydantic
# writes a UTC datetime with a `Z` itself, in Rust; the times are whole seconds because
# the service only ever takes the time from `clock.utcnow()`.
Timestamp = Annotated[datetime, WithJsonSchema({"type": "string", "format": "date-time"})]

# Calendar dates are `YYYY-MM-DD`; numbers are not dates.
Day = Annotated[date, WithJsonSchema({"type": "string", "format": "date"})]


# Says "not blank" in the OpenAPI document too (JSON Schema patterns match anywhere).
NOT_BLANK = r"\S"

# A trimmed, non-blank line of text (names, roles, departments, places).
ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=NOT_BLANK)
]

ResourceId = Annotated[str, StringConstraints(min_length=1, max_length=40)]


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("text must not contain NUL characters")
    elif isinstance(value, dict):
        for key, item in value.items():
            _without_nul(key)
            _without_nul(item)
    elif isinstance(value, list):
        for item in value:
            _without_nul(item)
    return value


class RequestModel(BaseModel):
    """Base of every body and query model: unknown fields and NUL characters are refused.

    PostgreSQL text cannot hold NUL, and refusing it here keeps SQLite and PostgreSQL
    deployments answering the same 400 instead of one of them failing.
    """

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        return _without_nul(value)
