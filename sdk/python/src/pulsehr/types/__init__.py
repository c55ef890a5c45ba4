"""Models of the API's resources (pydantic v2)."""

from .delivery import Delivery, DeliveryAttempt, DeliveryStatus
from .employee import (
    CustomFieldValue,
    Employee,
    EmployeeStatus,
    EmployeeUpdatedData,
    ErasedEmployee,
)
from .employee_change import ChangeStatus, EmployeeChange, FieldChange
from .employee_export import EmployeeExport
from .event import Event, ReplayedDeliveries
from .event_type import EventType, EventTypeList, EventTypeName
from .kudos import Kudos
from .leave import Leave, LeaveKind, LeaveStatus
from .leave_balance import KindBalance, LeaveBalance
from .score import (
    EmployeeScore,
    FactorMean,
    GroupBy,
    GroupScore,
    GroupScores,
    PreviousScore,
    ScoreFactor,
    ScoreFactorName,
)
from .status_log_entry import StatusLogEntry
from .webhook_endpoint import (
    DeletedWebhookEndpoint,
    WebhookEndpoint,
    WebhookEndpointWithSecret,
    WebhookEventType,
)
from .workload_checkin import WorkloadCheckin, WorkloadLevel

__all__ = [
    "ChangeStatus",
    "CustomFieldValue",
    "DeletedWebhookEndpoint",
    "Delivery",
    "DeliveryAttempt",
    "DeliveryStatus",
    "Employee",
    "EmployeeChange",
    "EmployeeExport",
    "EmployeeScore",
    "EmployeeStatus",
    "EmployeeUpdatedData",
    "ErasedEmployee",
    "Event",
    "EventType",
    "EventTypeList",
    "EventTypeName",
    "FactorMean",
    "FieldChange",
    "GroupBy",
    "GroupScore",
    "GroupScores",
    "KindBalance",
    "Kudos",
    "Leave",
    "LeaveBalance",
    "LeaveKind",
    "LeaveStatus",
    "PreviousScore",
    "ReplayedDeliveries",
    "ScoreFactor",
    "ScoreFactorName",
    "StatusLogEntry",
    "WebhookEndpoint",
    "WebhookEndpointWithSecret",
    "WebhookEventType",
    "WorkloadCheckin",
    "WorkloadLevel",
]
