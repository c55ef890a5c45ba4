from __future__ import annotations

from datetime import date, datetime
from typing import Literal, TypeAlias

from .._models import BaseModel

__all__ = ["WorkloadCheckin", "WorkloadLevel"]

WorkloadLevel: TypeAlias = Literal["light", "balanced", "heavy", "overloaded"]


class WorkloadCheckin(BaseModel):
    """A weekly self-reported load."""

    id: str
    """`wl_…`"""
    employee_id: str
    week_start: date
    """The Monday of the week reported on."""
    level: WorkloadLevel
    created_at: datetime
