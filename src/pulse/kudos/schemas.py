"""Kudos on the wire: peer recognition, with coins from a monthly allowance."""

from typing import Annotated

from pydantic import BaseModel, Field, Strict, StringConstraints

from pulse.kit.pagination import ListParams, Page
from pulse.kit.schemas import Moment, NonBlankText, RequestModel, ResourceId, Timestamp

# Far above any sensible allowance, and low enough that a month of sums fits any integer.
MAX_COINS = 1_000_000

# Strict: `true` or `"10"` are not a number of coins.
Coins = Annotated[int, Strict(), Field(ge=1, le=MAX_COINS)]
Tag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,32}$")]
Note = Annotated[str, NonBlankText(500)]

FROM_EMPLOYEE_ID_DOC = (
    "Who gives the kudos. A personal key may omit it (its own employee) and cannot name "
    "anyone else; an integration key must name it."
)


class KudosCreate(RequestModel):
    from_employee_id: ResourceId | None = Field(None, description=FROM_EMPLOYEE_ID_DOC)
    to_employee_id: ResourceId = Field(description="Who receives the kudos; not the giver.")
    coins: Coins = Field(
        description="Coins given, from the giver's monthly allowance (per calendar month, UTC)."
    )
    tag: Tag = Field(description="A slug: 1 to 32 of `a-z`, `0-9` and `-`.", examples=["craft"])
    note: Note | None = Field(None, description="Up to 500 characters.")


class Kudos(BaseModel):
    id: str = Field(examples=["kudo_01HR3V6Q9X1M2N3P4Q5R6S7T8X"])
    from_employee_id: str
    to_employee_id: str
    coins: int
    tag: str
    note: str | None
    created_at: Timestamp


class KudosList(Page[Kudos]):
    pass


class KudosFilters(ListParams):
    from_employee_id: str | None = Field(None, max_length=40)
    to_employee_id: str | None = Field(None, max_length=40)
    tag: Tag | None = Field(None, description="Exact match.")
    created_from: Moment | None = Field(
        None, description="Kudos created at or after this time (RFC 3339, with an offset)."
    )
    created_to: Moment | None = Field(
        None, description="Kudos created at or before this time (RFC 3339, with an offset)."
    )
