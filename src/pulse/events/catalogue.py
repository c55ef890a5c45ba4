"""The event catalogue: every type the API emits, when, and what its `data` holds."""

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    type: str
    description: str
    # The OpenAPI schema of `data`: the full resource after the change (with the values
    # before, for employee changes).
    resource: str


CATALOGUE: tuple[EventType, ...] = (
    EventType("employee.created", "An employee was created.", "Employee"),
    EventType(
        "employee.updated",
        "An employee changed (except a change that ends their employment), at once or on "
        "the effective date of a scheduled change. `previous_attributes` holds each changed "
        "field's value before.",
        "EmployeeUpdatedData",
    ),
    EventType(
        "employee.offboarded",
        "An employee's employment ended: DELETE, or an end_date set to today or earlier. "
        "`previous_attributes` holds each changed field's value before.",
        "EmployeeUpdatedData",
    ),
    EventType(
        "employee.erased",
        "A former employee's personal data was erased (`POST /v1/employees/{id}/erase`). "
        "`data` holds the id alone.",
        "ErasedEmployee",
    ),
    EventType("status_log.posted", "A status-log entry was posted.", "StatusLogEntry"),
    EventType("kudos.awarded", "Kudos were given.", "Kudos"),
    EventType("workload.recorded", "A weekly workload check-in was recorded.", "WorkloadCheckin"),
    EventType("leave.logged", "Leave was logged (no approval needed).", "Leave"),
    EventType("leave.requested", "Leave was requested, waiting for approval.", "Leave"),
    EventType("leave.approved", "Requested leave was approved.", "Leave"),
    EventType("leave.declined", "Requested leave was declined.", "Leave"),
    EventType("leave.cancelled", "Logged, requested or approved leave was cancelled.", "Leave"),
    EventType(
        "webhook_endpoint.test",
        "Sent on request to one endpoint only, to try it: `POST /v1/webhook-endpoints/{id}/test`.",
        "WebhookEndpoint",
    ),
)

EVENT_TYPES = {event_type.type: event_type for event_type in CATALOGUE}
# Sent on request to the one endpoint it tests, never to subscribers.
TEST_EVENT = "webhook_endpoint.test"
# Endpoints subscribe to these, or to all of them with "*".
SUBSCRIBABLE = tuple(t.type for t in CATALOGUE if t.type != TEST_EVENT)
ALL_EVENTS = "*"


def subscribes(subscribed: list[str], event_type: str) -> bool:
    """Whether an endpoint subscribed to `subscribed` receives events of `event_type`."""
    return ALL_EVENTS in subscribed or event_type in subscribed
