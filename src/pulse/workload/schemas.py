"""Workload check-ins on the wire: each employee's self-reported load, once a week."""

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from pulse.kit.pagination import ListParams, Page
from pulse.kit.schemas import Day, RequestModel, ResourceId, Timestamp


class WorkloadLevel(StrEnum):
    light = "light"
    balanced = "balanced"
    heavy = "heavy"
    overloaded = "overloaded"


def _a_monday(day: date) -> date:
    # Weeks are named by their Monday; any other day is a malformed value (400),
    # not an impossible one, so it fails here and never reaches the rules.
    if day.weekday() != 0:
        raise ValueError(f"{day} is a {day:%A}; a week starts on a Monday")
    return day


Monday = Annotated[Day, AfterValidator(_a_monday)]

EMPLOYEE_ID_DOC = (
    "Whose check-in this is. A personal key may omit it (its own employee); "
    "an integration key must name it."
)


class WorkloadCheckinCreate(RequestModel):
    employee_id: ResourceId | None = Field(None, description=EMPLOYEE_ID_DOC)
    level: WorkloadLevel
    week_start: Monday | None = Field(
        None, description="The Monday of the week reported on; defaults to this week's (UTC)."
    )


class WorkloadCheckin(BaseModel):
    id: str = Field(examples=["wl_01HR3V6Q9X1M2N3P4Q5R6S7T8X"])
    employee_id: str
    week_start: Day = Field(description="The Monday of the week reported on.")
    level: WorkloadLevel
    created_at: Timestamp


class WorkloadCheckinList(Page[WorkloadCheckin]):
    pass


class WorkloadCheckinFilters(ListParams):
    employee_id: str | None = Field(None, max_length=40)
    level: WorkloadLevel | None = None
    week_from: Day | None = Field(
        None, description="Check-ins whose week starts on or after this day."
    )
    week_to: Day | None = Field(
        None, description="Check-ins whose week starts on or before this day."
    )
