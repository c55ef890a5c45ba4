"""Leave on the wire: the personal leave journal, its decisions and its yearly balance."""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, WithJsonSchema

from pulse.kit.pagination import ListParams, Page
from pulse.kit.schemas import Day, NonBlankText, RequestModel, ResourceId, Timestamp
from pulse.workspaces.settings import LeaveKind

# A number of days, in half days: answered `5` or `4.5` (`pulse.leave.service.days`).
Days = Annotated[float, WithJsonSchema({"type": "number", "multipleOf": 0.5})]


class LeaveStatus(StrEnum):
    logged = "logged"  # taken without approval (approval `none`, or an auto-approved kind)
    requested = "requested"  # waiting for a decision (approval `manager`)
    approved = "approved"
    declined = "declined"
    cancelled = "cancelled"


# Leave in these statuses holds its days: it blocks overlaps and counts in balances.
HOLDING_DAYS = (LeaveStatus.logged, LeaveStatus.requested, LeaveStatus.approved)


class LeaveCreate(RequestModel):
    employee_id: ResourceId | None = Field(
        None,
        description="Whose leave this is. A personal key may omit it (its own employee); "
        "an integration key must name it.",
    )
    kind: LeaveKind
    start_date: Day
    end_date: Day = Field(description="Last day of leave (inclusive); may equal start_date.")
    days: float | None = Field(
        None,
        gt=0,
        multiple_of=0.5,
        allow_inf_nan=False,
        description="Working days taken, in half days, at most the working days of the range. "
        "Defaults to every working day of the range: Monday to Friday minus the public "
        "holidays of the employee's country.",
    )
    note: Annotated[str, Field(max_length=500)] | None = None


class Leave(BaseModel):
    id: str = Field(examples=["lv_01HR3V6Q9X1M2N3P4Q5R6S7T8W"])
    employee_id: str
    kind: LeaveKind
    start_date: Day
    end_date: Day
    days: Days
    note: str | None
    status: LeaveStatus
    created_at: Timestamp
    cancelled_at: Timestamp | None
    decided_by: str | None = Field(
        description="Who approved or declined the request: the employee id of a personal "
        "key, or null (an integration key, or no decision)."
    )
    decided_at: Timestamp | None
    decision_note: str | None


class LeaveDecision(RequestModel):
    note: Annotated[str, NonBlankText(500)] | None = Field(
        None, description="Up to 500 characters."
    )


class LeaveList(Page[Leave]):
    pass


class LeaveFilters(ListParams):
    employee_id: str | None = Field(None, max_length=40)
    kind: LeaveKind | None = None
    status: LeaveStatus | None = None
    from_: Day | None = Field(
        None, alias="from", description="Leave that ends on or after this day."
    )
    to: Day | None = Field(None, description="Leave that starts on or before this day.")


class KindBalance(BaseModel):
    kind: LeaveKind
    allowance: Days | None = Field(
        description="Days allowed this year by the workspace's policy, prorated by the "
        "employment days inside the year; null when unlimited."
    )
    taken: Days = Field(description="Logged or approved days of this year before today.")
    planned: Days = Field(description="Logged or approved days of this year from today on.")
    pending: Days = Field(description="Requested days of this year, waiting for a decision.")
    remaining: Days | None = Field(
        description="allowance - taken - planned (negative when overdrawn; pending days are "
        "not subtracted); null when unlimited."
    )


class LeaveBalance(BaseModel):
    employee_id: str
    year: int
    balances: list[KindBalance] = Field(description="One entry per kind of leave.")
