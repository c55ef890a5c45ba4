from __future__ import annotations

from datetime import date, datetime
from typing import Literal, TypeAlias

from .._models import BaseModel

__all__ = ["Leave", "LeaveKind", "LeaveStatus"]

LeaveKind: TypeAlias = Literal["vacation", "sick", "personal", "parental", "unpaid", "other"]
LeaveStatus: TypeAlias = Literal["logged", "requested", "approved", "declined", "cancelled"]


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
    """`logged` at once, or `requested` then `approved` or `declined` where managers approve
    leave; `cancelled` either way."""
    created_at: datetime
    cancelled_at: datetime | None
    decided_by: str | None
    """Who approved or declined: the employee id of a personal key; `None` for an integration
    key, or before a decision."""
    decided_at: datetime | None
    decision_note: str | None
