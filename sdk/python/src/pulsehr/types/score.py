from __future__ import annotations

from datetime import date
from typing import Literal, TypeAlias

from .._models import BaseModel

__all__ = [
    "EmployeeScore",
    "FactorMean",
    "GroupBy",
    "GroupScore",
    "GroupScores",
    "PreviousScore",
    "ScoreFactor",
    "ScoreFactorName",
]

GroupBy: TypeAlias = Literal["department", "manager_id", "location"]
ScoreFactorName: TypeAlias = Literal["recognition", "workload", "participation", "time_off"]


class ScoreFactor(BaseModel):
    """One factor of an Employee Score."""

    name: ScoreFactorName
    score: float | None
    """0 to 10, one decimal; `None` when the factor has no data."""
    weight: float
    """The workspace's weight for this factor."""
    signals: dict[str, int | float | None]
    """What the factor was computed from."""


class PreviousScore(BaseModel):
    """The score one window (90 days) earlier."""

    as_of: date
    score: float | None


class EmployeeScore(BaseModel):
    """An employee's score over the window ending on `as_of`."""

    employee_id: str
    as_of: date
    window_days: int
    score: float | None
    """Weighted mean of the factors with data, one decimal; `None` with fewer than two."""
    factors: list[ScoreFactor]
    previous: PreviousScore
    explanation: list[str]
    """Which factors moved the score, in words."""


class FactorMean(BaseModel):
    """A factor's mean over a group."""

    name: ScoreFactorName
    score: float | None
    """`None` when the group is suppressed."""


class GroupScore(BaseModel):
    """The scores of the employees sharing one value of `group_by`."""

    key: str | None
    """The group's value; `None` for employees without one."""
    employees: int
    score: float | None
    """Mean of the members' scores; `None` when suppressed."""
    suppressed: bool
    """True when fewer than 3 members have a score, so no individual can be singled out."""
    factors: list[FactorMean]


class GroupScores(BaseModel):
    """Every group's score (not paged)."""

    group_by: GroupBy
    as_of: date
    window_days: int
    data: list[GroupScore]
