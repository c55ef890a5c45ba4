"""Status-log entries on the wire: async stand-ups, up to three lines a day."""

from typing import Annotated

from pydantic import BaseModel, Field

from pulse.kit.pagination import ListParams, Page
from pulse.kit.schemas import Day, NonBlankText, RequestModel, ResourceId, Timestamp

StatusLine = Annotated[str, NonBlankText(280)]
Topic = Annotated[str, NonBlankText(80)]

EMPLOYEE_ID_DOC = (
    "Whose entry this is. A personal key may omit it (its own employee); "
    "an integration key must name it."
)


class StatusLogCreate(RequestModel):
    employee_id: ResourceId | None = Field(None, description=EMPLOYEE_ID_DOC)
    date: Day | None = Field(None, description="The day reported on; defaults to today (UTC).")
    lines: list[StatusLine] = Field(
        min_length=1, max_length=3, description="One to three non-blank lines of ≤ 280 characters."
    )
    topic: Topic | None = None


class StatusLogEntry(BaseModel):
    id: str = Field(examples=["sl_01HR3V6Q9X1M2N3P4Q5R6S7T8X"])
    employee_id: str
    date: Day
    lines: list[str]
    topic: str | None
    created_at: Timestamp


class StatusLogList(Page[StatusLogEntry]):
    pass


class StatusLogFilters(ListParams):
    employee_id: str | None = Field(None, max_length=40)
    date_from: Day | None = Field(None, description="Entries on or after this day.")
    date_to: Day | None = Field(None, description="Entries on or before this day.")
    topic: str | None = Field(None, max_length=80, description="Exact match.")
