from __future__ import annotations

from .._models import BaseModel
from .leave import LeaveKind

__all__ = ["KindBalance", "LeaveBalance"]


class KindBalance(BaseModel):
    """One kind of leave in a year's balance."""

    kind: LeaveKind
    allowance: float | None
    """Days allowed this year, prorated by employment; `None` when unlimited."""
    taken: float
    """Logged or approved days of this year before today."""
    planned: float
    """Logged or approved days of this year from today on."""
    pending: float
    """Requested days of this year, waiting for a decision (not subtracted from `remaining`)."""
    remaining: float | None
    """`allowance - taken - planned` (negative when overdrawn); `None` when unlimited."""


class LeaveBalance(BaseModel):
    """An employee's leave for a calendar year, per kind."""

    employee_id: str
    year: int
    balances: list[KindBalance]
