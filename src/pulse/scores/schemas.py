"""The Employee Score on the wire: one employee's score with its factors, and group means."""

from enum import StrEnum

from pydantic import BaseModel, Field

from pulse.kit.schemas import Day, RequestModel
from pulse.workspaces.settings import FactorName

# A score from 0 to 10, one decimal.
Score = float | None

AS_OF_DOC = "The last day of the window (UTC); defaults to today, and cannot be later."


class GroupBy(StrEnum):
    department = "department"
    manager_id = "manager_id"
    location = "location"


class ScoreParams(RequestModel):
    as_of: Day | None = Field(None, description=AS_OF_DOC)


class GroupScoreParams(ScoreParams):
    group_by: GroupBy = Field(description="The employee field the groups share.")


class ScoreFactor(BaseModel):
    name: FactorName
    score: Score = Field(description="0 to 10, one decimal; null when the factor has no data.")
    weight: float = Field(description="The workspace's weight for this factor.")
    signals: dict[str, int | float | None] = Field(
        description="What the factor was computed from (README, Employee Score)."
    )


class PreviousScore(BaseModel):
    as_of: Day = Field(description="One window (90 days) before this score's `as_of`.")
    score: Score


class EmployeeScore(BaseModel):
    employee_id: str
    as_of: Day
    window_days: int = Field(examples=[90])
    score: Score = Field(
        description="Weighted mean of the factors with data, one decimal; null when fewer "
        "than two factors have data."
    )
    factors: list[ScoreFactor]
    previous: PreviousScore
    explanation: list[str] = Field(description="Which factors moved the score, in words.")


class FactorMean(BaseModel):
    name: FactorName
    score: Score = Field(description="Mean of the members' factor scores; null when suppressed.")


class GroupScore(BaseModel):
    key: str | None = Field(description="The group's value of `group_by`; null for no value.")
    employees: int = Field(description="Employees of the group employed on `as_of`.")
    score: Score = Field(description="Mean of the members' scores; null when suppressed.")
    suppressed: bool = Field(
        description="True when fewer than 3 members have a score: nothing is shown, so no "
        "individual can be singled out."
    )
    factors: list[FactorMean]


class GroupScores(BaseModel):
    group_by: GroupBy
    as_of: Day
    window_days: int = Field(examples=[90])
    data: list[GroupScore] = Field(
        description="Every group, ordered by key (no value last); not paged."
    )
