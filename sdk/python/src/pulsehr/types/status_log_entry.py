from __future__ import annotations

import datetime as dt

from .._models import BaseModel

__all__ = ["StatusLogEntry"]


class StatusLogEntry(BaseModel):
    """An async stand-up entry: up to three lines per person per day."""

    id: str
    """`sl_…`"""
    employee_id: str
    date: dt.date
    lines: list[str]
    topic: str | None
    created_at: dt.datetime
