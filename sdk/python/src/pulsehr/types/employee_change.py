from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, TypeAlias

from pydantic import Field

from .._models import BaseModel

__all__ = ["ChangeStatus", "EmployeeChange", "FieldChange"]

ChangeStatus: TypeAlias = Literal["applied", "scheduled", "cancelled", "failed"]


class FieldChange(BaseModel):
    """One field of a change: its value before and after."""

    from_: Any = Field(alias="from")
    """The value before the change (for a change not yet applied, when it was scheduled)."""
    to: Any
    """The value after the change."""


class EmployeeChange(BaseModel):
    """One entry of an employee's history: applied, or scheduled for a later day."""

    id: str
    """`chg_…`"""
    employee_id: str
    status: ChangeStatus
    """`scheduled` until its effective date; `cancelled` by `cancel_change`; `failed` when it
    was no longer valid on that day (see `failure_reason`)."""
    effective_date: date
    changes: dict[str, FieldChange]
    """Each field changed, by name."""
    event_id: str | None
    """The `employee.*` event that told of the change; `None` until applied."""
    failure_reason: str | None
    created_at: datetime
    """When the change was made or scheduled."""
    changed_at: datetime | None
    """When it was applied; `None` until then."""
