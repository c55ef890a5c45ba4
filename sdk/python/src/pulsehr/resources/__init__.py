"""The resource namespaces: one module per resource, each with a sync and an async class.

The async classes are the source (pulsehr/_async/resources/); the sync ones are generated from
them (pulsehr/_sync/resources/) by scripts/unasync.py.
"""

from .employees import (
    AsyncEmployees,
    AsyncEmployeesWithRawResponse,
    Employees,
    EmployeesWithRawResponse,
)
from .event_types import (
    AsyncEventTypes,
    AsyncEventTypesWithRawResponse,
    EventTypes,
    EventTypesWithRawResponse,
)
from .events import AsyncEvents, AsyncEventsWithRawResponse, Events, EventsWithRawResponse
from .kudos import (
    AsyncKudosResource,
    AsyncKudosResourceWithRawResponse,
    KudosResource,
    KudosResourceWithRawResponse,
)
from .leave import (
    AsyncLeaveResource,
    AsyncLeaveResourceWithRawResponse,
    LeaveResource,
    LeaveResourceWithRawResponse,
)
from .scores import AsyncScores, AsyncScoresWithRawResponse, Scores, ScoresWithRawResponse
from .status_log import (
    AsyncStatusLog,
    AsyncStatusLogWithRawResponse,
    StatusLog,
    StatusLogWithRawResponse,
)
from .webhook_endpoints import (
    AsyncWebhookEndpoints,
    AsyncWebhookEndpointsWithRawResponse,
    WebhookEndpoints,
    WebhookEndpointsWithRawResponse,
)
from .workload_checkins import (
    AsyncWorkloadCheckins,
    AsyncWorkloadCheckinsWithRawResponse,
    WorkloadCheckins,
    WorkloadCheckinsWithRawResponse,
)

__all__ = [
    "AsyncEmployees",
    "AsyncEmployeesWithRawResponse",
    "AsyncEventTypes",
    "AsyncEventTypesWithRawResponse",
    "AsyncEvents",
    "AsyncEventsWithRawResponse",
    "AsyncKudosResource",
    "AsyncKudosResourceWithRawResponse",
    "AsyncLeaveResource",
    "AsyncLeaveResourceWithRawResponse",
    "AsyncScores",
    "AsyncScoresWithRawResponse",
    "AsyncStatusLog",
    "AsyncStatusLogWithRawResponse",
    "AsyncWebhookEndpoints",
    "AsyncWebhookEndpointsWithRawResponse",
    "AsyncWorkloadCheckins",
    "AsyncWorkloadCheckinsWithRawResponse",
    "Employees",
    "EmployeesWithRawResponse",
    "EventTypes",
    "EventTypesWithRawResponse",
    "Events",
    "EventsWithRawResponse",
    "KudosResource",
    "KudosResourceWithRawResponse",
    "LeaveResource",
    "LeaveResourceWithRawResponse",
    "Scores",
    "ScoresWithRawResponse",
    "StatusLog",
    "StatusLogWithRawResponse",
    "WebhookEndpoints",
    "WebhookEndpointsWithRawResponse",
    "WorkloadCheckins",
    "WorkloadCheckinsWithRawResponse",
]
