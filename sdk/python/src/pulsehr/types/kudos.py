from __future__ import annotations

from datetime import datetime

from .._models import BaseModel

__all__ = ["Kudos"]


class Kudos(BaseModel):
    """Peer recognition: coins from one employee to another."""

    id: str
    """`kudo_…`"""
    from_employee_id: str
    to_employee_id: str
    coins: int
    tag: str
    note: str | None
    created_at: datetime
