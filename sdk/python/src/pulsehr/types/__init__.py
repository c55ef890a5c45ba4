"""Models of the API's resources (pydantic v2)."""

from .delivery import Delivery, DeliveryAttempt, DeliveryStatus
from .employee import CustomFieldValue, Employee, EmployeeStatus
from .event import Event, ReplayedDeliveries
from .event_type import EventType, EventTypeList, EventTypeName
from .kudos import Kudos
from .leave import Leave, LeaveKind, LeaveStatus
from .leave_balance import KindBalance, LeaveBalance
from .status_log_entry import StatusLogEntry
from .webhook_endpoint import (
    DeletedWebhookEndpoint,
    WebhookEndpoint,
    WebhookEndpointWithSecret,
    WebhookEventType,
)
from .workload_checkin import WorkloadCheckin, WorkloadLevel

__all__ = [
    "CustomFieldValue",
    "DeletedWebhookEndpoint",
    "Delivery",
    "DeliveryAttempt",
    "DeliveryStatus",
    "Employee",
    "EmployeeStatus",
    "Event",
    "EventType",
    "EventTypeList",
    "EventTypeName",
    "KindBalance",
    "Kudos",
    "Leave",
    "LeaveBalance",
    "LeaveKind",
    "LeaveStatus",
    "ReplayedDeliveries",
    "StatusLogEntry",
    "WebhookEndpoint",
    "WebhookEndpointWithSecret",
    "WebhookEventType",
    "WorkloadCheckin",
    "WorkloadLevel",
]
