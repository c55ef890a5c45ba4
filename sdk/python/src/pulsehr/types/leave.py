from __future__ import annotations

from datetime import date, datetime
from typing import Literal, TypeAlias

from .._models import BaseModel

__all__ = ["Leave", "LeaveKind", "LeaveStatus"]

LeaveKind: TypeAlias = Literal["vacation", "sick", "personal", "parental", "unpaid", "other"]
LeaveStatus: TypeAlias = Literal["logged", "cancelled"]


class Leave(BaseModel):
    """Days off in an employee's leave journal."""

    id: str
    """`lv_…`"""
    employee_id: str
    kind: LeaveKind
    start_date: date
    end_date: date
    """Last day of leave (inclusive)."""
    days: float
    """Working days taken, in half days."""
    note: str | None
    status: LeaveStatus
    created_at: datetime
    cancelled_at: datetime | None
