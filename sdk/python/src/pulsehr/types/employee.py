from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, TypeAlias

from .._models import BaseModel

__all__ = [
    "CustomFieldValue",
    "Employee",
    "EmployeeStatus",
    "EmployeeUpdatedData",
    "ErasedEmployee",
]

EmployeeStatus: TypeAlias = Literal["active", "former"]
CustomFieldValue: TypeAlias = str | int | float | bool | None
"""A custom field's value: a string (≤ 500 characters), a finite number, a boolean or null."""


class Employee(BaseModel):
    """An active or former person of the workspace."""

    id: str
    """`emp_…`"""
    full_name: str
    email: str | None
    role: str | None
    department: str | None
    manager_id: str | None
    start_date: date
    end_date: date | None
    """Last day of employment; on or before today means `former`."""
    location: str | None
    country: str | None
    """ISO 3166-1 alpha-2 (upper case); its public holidays are not working days."""
    custom_fields: dict[str, Any]
    status: EmployeeStatus
    """Derived: `former` once `end_date` has come."""
    version: int
    """Bumped on every change; pass it back to `update` to refuse overwriting a newer change."""
    created_at: datetime
    updated_at: datetime


class EmployeeUpdatedData(Employee):
    """The `data` of `employee.updated` and `employee.offboarded` events:
    `event.data_as(EmployeeUpdatedData)`."""

    previous_attributes: dict[str, Any]
    """Every field the change touched, with its value before the change."""


class ErasedEmployee(BaseModel):
    """The `data` of `employee.erased`: the id alone."""

    id: str
