"""Employees on the wire: what may be sent, what is answered."""

import math
from enum import StrEnum
from typing import Annotated, Any

import pycountry
from pydantic import (
    MISSING,
    AfterValidator,
    BaseModel,
    EmailStr,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)

from pulse.kit.pagination import ListParams, Page
from pulse.kit.schemas import Day, Moment, RequestModel, ResourceId, ShortText, Timestamp

MAX_CUSTOM_FIELDS = 50
MAX_CUSTOM_TEXT = 500
MIN_CUSTOM_INTEGER, MAX_CUSTOM_INTEGER = -(2**63), 2**63 - 1


class EmployeeStatus(StrEnum):
    active = "active"
    former = "former"


def _known_country(code: str) -> str:
    code = code.upper()
    if pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def _custom_value(value: Any) -> str | int | float | bool | None:
    """One flat value: a string (≤ 500 chars), a finite number, a boolean or null."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        # JSON has no integer limit, but the stored document and every reader do.
        if not MIN_CUSTOM_INTEGER <= value <= MAX_CUSTOM_INTEGER:
            raise ValueError("integers must fit in 64 bits (-2^63 to 2^63-1)")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("numbers must be finite")
        return value
    if isinstance(value, str):
        if len(value) > MAX_CUSTOM_TEXT:
            raise ValueError(f"strings are at most {MAX_CUSTOM_TEXT} characters")
        return value
    raise ValueError("values are strings, numbers, booleans or null (no objects or lists)")


# The document lists the codes themselves: a two-letter pattern would promise that
# codes no country has (`AA`) are accepted. Input is case-insensitive.
COUNTRY_CODES = sorted(country.alpha_2 for country in pycountry.countries)
Country = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z]{2}$"),
    AfterValidator(_known_country),
    WithJsonSchema({"type": "string", "enum": COUNTRY_CODES}),
]
CustomFieldKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]
CustomFieldValue = Annotated[
    str | int | float | bool | None,
    PlainValidator(_custom_value),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "maxLength": MAX_CUSTOM_TEXT},
                {"type": "number"},
                {"type": "boolean"},
                {"type": "null"},
            ]
        }
    ),
]
CustomFields = Annotated[
    dict[CustomFieldKey, CustomFieldValue],
    Field(
        max_length=MAX_CUSTOM_FIELDS,
        description="Up to 50 keys (`[a-z0-9_]{1,40}`) with string (≤ 500 chars), "
        "number, boolean or null values.",
        # Pydantic states the key pattern as `patternProperties`, which alone lets any
        # other key through; the API refuses them.
        json_schema_extra={"additionalProperties": False},
    ),
]
Email = Annotated[EmailStr, StringConstraints(max_length=320)]


class EmployeeCreate(RequestModel):
    full_name: ShortText
    email: Email | None = Field(None, description="Unique in the workspace (any case).")
    role: ShortText | None = None
    department: ShortText | None = None
    manager_id: ResourceId | None = Field(None, description="Another employee's id.")
    start_date: Day
    end_date: Day | None = Field(
        None, description="Last day of employment; on or before today means `former`."
    )
    location: ShortText | None = None
    country: Country | None = Field(
        None, description="ISO 3166-1 alpha-2; its public holidays are not working days."
    )
    custom_fields: CustomFields = Field(default_factory=dict)


class EmployeeUpdate(RequestModel):
    """Only the fields sent change; `null` clears an optional field."""

    full_name: ShortText | MISSING = MISSING
    email: Email | MISSING | None = MISSING
    role: ShortText | MISSING | None = MISSING
    department: ShortText | MISSING | None = MISSING
    manager_id: ResourceId | MISSING | None = MISSING
    start_date: Day | MISSING = MISSING
    end_date: Day | MISSING | None = MISSING
    location: ShortText | MISSING | None = MISSING
    country: Country | MISSING | None = MISSING
    custom_fields: CustomFields | MISSING = Field(MISSING, description="Replaces the whole object.")
    version: int | MISSING = Field(
        MISSING,
        ge=1,
        description="The version you read; when it is no longer current the update is "
        "refused with 409. Omit for last-write-wins.",
    )
    effective_date: Day | MISSING = Field(
        MISSING,
        description="The day (UTC) the change takes effect. A later day schedules it: the "
        "answer is 202 with the scheduled change, applied on that day. Today (or omitted) "
        "applies it now; an earlier day is refused (422).",
    )

    def changes(self) -> dict[str, Any]:
        """The fields sent, without `version` and `effective_date`."""
        return self.model_dump(exclude={"version", "effective_date"})


class Employee(BaseModel):
    id: str = Field(examples=["emp_01HR3V6Q9X1M2N3P4Q5R6S7T8X"])
    full_name: str
    email: str | None
    role: str | None
    department: str | None
    manager_id: str | None
    start_date: Day
    end_date: Day | None
    location: str | None
    country: str | None
    custom_fields: dict[str, Any]
    status: EmployeeStatus = Field(description="Derived: `former` once `end_date` has come.")
    version: int = Field(description="Bumped on every change; send it back to PATCH safely.")
    created_at: Timestamp
    updated_at: Timestamp


class EmployeeList(Page[Employee]):
    pass


class EmployeeUpdatedData(Employee):
    """The `data` of `employee.updated` and `employee.offboarded` events."""

    previous_attributes: dict[str, Any] = Field(
        description="Every field the change touched, with its value before the change "
        "(the employee's other fields are as they are now)."
    )


class ErasedEmployee(BaseModel):
    """The `data` of `employee.erased`: the id alone."""

    id: str = Field(examples=["emp_01HR3V6Q9X1M2N3P4Q5R6S7T8X"])


class ChangeStatus(StrEnum):
    applied = "applied"
    scheduled = "scheduled"
    cancelled = "cancelled"
    failed = "failed"


class FieldChange(BaseModel):
    from_: Any = Field(alias="from", description="The value before the change.")
    to: Any = Field(description="The value after the change.")


class EmployeeChange(BaseModel):
    """One entry of an employee's history."""

    id: str = Field(examples=["chg_01HR3V6Q9X1M2N3P4Q5R6S7T8X"])
    employee_id: str
    status: ChangeStatus = Field(
        description="`applied`; `scheduled` (waiting for its effective date); `cancelled` "
        "(by DELETE before that day); `failed` (no longer valid on that day, see "
        "`failure_reason`)."
    )
    effective_date: Day = Field(description="The day (UTC) the change takes or took effect.")
    changes: dict[str, FieldChange] = Field(
        description="Each field changed, with its value before and after. For a change not "
        "yet applied, `from` is the value when it was scheduled."
    )
    event_id: str | None = Field(
        description="The `employee.*` event that told of the change; null until applied."
    )
    failure_reason: str | None = Field(description="Why a scheduled change could not apply.")
    created_at: Timestamp = Field(description="When the change was made or scheduled.")
    changed_at: Timestamp | None = Field(description="When it was applied; null until then.")


class EmployeeChangeList(Page[EmployeeChange]):
    pass


class EmployeeFilters(ListParams):
    status: EmployeeStatus | None = None
    department: str | None = Field(None, max_length=200, description="Exact match.")
    manager_id: str | None = Field(None, max_length=40)
    location: str | None = Field(None, max_length=200, description="Exact match.")
    q: str | None = Field(
        None, min_length=1, max_length=200, description="Name or email contains (any case)."
    )
    updated_since: Moment | None = Field(
        None,
        description="Employees changed at or after this time (RFC 3339, with an offset): "
        "pass the newest `updated_at` you have seen for an incremental sync.",
    )
