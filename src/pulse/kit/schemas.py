"""Field types shared by the resources' schemas."""

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from annotated_types import GroupedMetadata
from pydantic import (
    AfterValidator,
    AwareDatetime,
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

# The stretch of calendar the API takes dates and times in. Wide enough for any working
# life, and far enough inside Python's years 1 to 9999 that a week, a leave or a UTC
# offset counted from any date in it never leaves them (which answered 500); the
# holidays package knows every year of it too.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)
OUTSIDE_THE_CALENDAR = f"must be from {FIRST_DAY} to {LAST_DAY}"


def _day_in_calendar(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"dates {OUTSIDE_THE_CALENDAR}")
    return day


def _time_in_calendar(moment: datetime) -> datetime:
    # The date as written, before any conversion to UTC: within the range, the
    # conversion (a day at most either way) cannot overflow.
    if not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise ValueError(f"times {OUTSIDE_THE_CALENDAR}")
    return moment


# Calendar dates are `YYYY-MM-DD`; numbers are not dates.
Day = Annotated[
    date, AfterValidator(_day_in_calendar), WithJsonSchema({"type": "string", "format": "date"})
]

# A point in time a client names: RFC 3339 with an offset.
Moment = Annotated[AwareDatetime, AfterValidator(_time_in_calendar)]


# Characters that show nothing on their own: controls (Cc), format characters such as
# the zero-width space, joiners, the BOM and the soft hyphen (Cf), separators (Z*) and
# combining marks with nothing to sit on (Mn, Me; variation selectors are among them).
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
# Characters of other categories that fonts draw as empty space: the Hangul fillers
# and the blank Braille pattern.
DRAWN_AS_SPACE = frozenset("\u115f\u1160\u3164\uffa0\u2800")

# Says "not blank" in the OpenAPI document too (JSON Schema patterns match anywhere);
# `is_blank` is the rule itself, stricter than the pattern can say.
NOT_BLANK = r"\S"


def is_blank(text: str) -> bool:
    """Whether `text` shows nothing: empty, or only whitespace and invisible characters."""
    return all(_shows_nothing(char) for char in text)


def _shows_nothing(char: str) -> bool:
    return (
        char.isspace()
        or char in DRAWN_AS_SPACE
        or unicodedata.category(char) in INVISIBLE_CATEGORIES
    )


def _not_blank(text: str) -> str:
    if is_blank(text):
        raise ValueError("must not be blank (only whitespace or invisible characters)")
    return text


@dataclass(frozen=True, slots=True)
class NonBlankText(GroupedMetadata):
    """Text of 1 to `max_length` characters, trimmed, that shows something: the one
    meaning of "not blank" for every name, line and note the API takes."""

    max_length: int

    def __iter__(self) -> Iterator[object]:
        yield StringConstraints(
            strip_whitespace=True, min_length=1, max_length=self.max_length, pattern=NOT_BLANK
        )
        yield AfterValidator(_not_blank)


# A line of text (names, roles, departments, places).
ShortText = Annotated[str, NonBlankText(200)]

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
