"""The app's `/v1` routes, read off its routers so that new routes join the matrices,
and for each one a request that succeeds against a small world of real records."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from pulse.app import API_ROUTERS


@dataclass(frozen=True)
class RouteInfo:
    method: str
    path: str
    scope: str

    @property
    def has_id(self) -> bool:
        return "{" in self.path

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.path

    @property
    def lists_tenant_rows(self) -> bool:
        """A list of the tenant's own records (not a catalogue shared by every tenant)."""
        return self.method == "GET" and not self.has_id and self.path not in NOT_TENANT_LISTS


# Lists that are the same for every tenant: nothing in them belongs to a world.
SHARED_LISTS = frozenset({"/v1/event-types"})
# Reports over the tenant's rows, not pages of them (tests/scores checks their tenancy).
REPORTS = frozenset({"/v1/scores"})
NOT_TENANT_LISTS = SHARED_LISTS | REPORTS


def _scope_of(dependant: Dependant) -> str | None:
    for dependency in dependant.dependencies:
        scope = getattr(dependency.call, "required_scope", None)
        if scope is not None:
            return str(scope)
        nested = _scope_of(dependency)
        if nested is not None:
            return nested
    return None


def api_routes() -> list[RouteInfo]:
    routes = []
    for route in (route for router in API_ROUTERS for route in router.routes):
        if isinstance(route, APIRoute) and route.path.startswith("/v1/"):
            # A route without a scope gets "" and fails the scope tests.
            scope = _scope_of(route.dependant) or ""
            for method in sorted(route.methods):
                routes.append(RouteInfo(method, route.path, scope))
    return routes


@dataclass
class World:
    """One record of each kind in one tenant, for requests that must find something."""

    employee_id: str
    status_log_id: str
    # A second active employee, to receive the kudos.
    colleague_id: str
    checkin_id: str
    kudos_id: str
    leave_id: str
    webhook_endpoint_id: str
    # A change to the employee scheduled for a later day (cancellable).
    change_id: str
    # A former employee (erasable).
    former_id: str
    # Every event the records above made, oldest first.
    event_ids: tuple[str, ...]

    @property
    def event_id(self) -> str:
        return self.event_ids[0]

    def ids(self) -> dict[str, str]:
        """Every id in the world, keyed by the path parameter that takes it (the
        colleague and the later events are in no path, but lists show them)."""
        return {
            "employee_id": self.employee_id,
            "entry_id": self.status_log_id,
            "colleague_id": self.colleague_id,
            "checkin_id": self.checkin_id,
            "kudos_id": self.kudos_id,
            "leave_id": self.leave_id,
            "endpoint_id": self.webhook_endpoint_id,
            "change_id": self.change_id,
            "former_id": self.former_id,
            "event_id": self.event_id,
            **{f"event_{n}": event for n, event in enumerate(self.event_ids[1:], start=2)},
        }


# For each route: the path (ids filled from the world) and the JSON body, if any.
Request = tuple[str, dict[str, Any] | None]
REQUESTS: dict[tuple[str, str], Callable[[World], Request]] = {
    ("GET", "/v1/employees"): lambda w: ("/v1/employees", None),
    ("POST", "/v1/employees"): lambda w: (
        "/v1/employees",
        {"full_name": "Ada", "start_date": "2024-01-01"},
    ),
    ("GET", "/v1/employees/{employee_id}"): lambda w: (f"/v1/employees/{w.employee_id}", None),
    ("PATCH", "/v1/employees/{employee_id}"): lambda w: (
        f"/v1/employees/{w.employee_id}",
        {"role": "CTO"},
    ),
    ("DELETE", "/v1/employees/{employee_id}"): lambda w: (f"/v1/employees/{w.employee_id}", None),
    ("GET", "/v1/employees/{employee_id}/history"): lambda w: (
        f"/v1/employees/{w.employee_id}/history",
        None,
    ),
    ("DELETE", "/v1/employees/{employee_id}/history/{change_id}"): lambda w: (
        f"/v1/employees/{w.employee_id}/history/{w.change_id}",
        None,
    ),
    ("POST", "/v1/employees/{employee_id}/erase"): lambda w: (
        f"/v1/employees/{w.former_id}/erase",
        None,
    ),
    ("GET", "/v1/employees/{employee_id}/export"): lambda w: (
        f"/v1/employees/{w.employee_id}/export",
        None,
    ),
    ("GET", "/v1/status-log"): lambda w: ("/v1/status-log", None),
    ("POST", "/v1/status-log"): lambda w: (
        "/v1/status-log",
        {"employee_id": w.employee_id, "lines": ["Shipped it."], "date": "2024-03-04"},
    ),
    ("GET", "/v1/status-log/{entry_id}"): lambda w: (f"/v1/status-log/{w.status_log_id}", None),
    ("GET", "/v1/workload-checkins"): lambda w: ("/v1/workload-checkins", None),
    ("POST", "/v1/workload-checkins"): lambda w: (
        "/v1/workload-checkins",
        {"employee_id": w.employee_id, "level": "heavy", "week_start": "2024-03-11"},
    ),
    ("GET", "/v1/workload-checkins/{checkin_id}"): lambda w: (
        f"/v1/workload-checkins/{w.checkin_id}",
        None,
    ),
    ("GET", "/v1/kudos"): lambda w: ("/v1/kudos", None),
    ("POST", "/v1/kudos"): lambda w: (
        "/v1/kudos",
        {
            "from_employee_id": w.employee_id,
            "to_employee_id": w.colleague_id,
            "coins": 10,
            "tag": "craft",
        },
    ),
    ("GET", "/v1/kudos/{kudos_id}"): lambda w: (f"/v1/kudos/{w.kudos_id}", None),
    ("GET", "/v1/leave"): lambda w: ("/v1/leave", None),
    ("POST", "/v1/leave"): lambda w: (
        "/v1/leave",
        {
            "employee_id": w.employee_id,
            "kind": "vacation",
            "start_date": "2024-05-06",
            "end_date": "2024-05-07",
        },
    ),
    ("GET", "/v1/leave/{leave_id}"): lambda w: (f"/v1/leave/{w.leave_id}", None),
    ("DELETE", "/v1/leave/{leave_id}"): lambda w: (f"/v1/leave/{w.leave_id}", None),
    # An integration key decides the world's requested leave.
    ("POST", "/v1/leave/{leave_id}/approve"): lambda w: (
        f"/v1/leave/{w.leave_id}/approve",
        {"note": "Enjoy."},
    ),
    ("POST", "/v1/leave/{leave_id}/decline"): lambda w: (f"/v1/leave/{w.leave_id}/decline", None),
    ("GET", "/v1/leave/balance/{employee_id}"): lambda w: (
        f"/v1/leave/balance/{w.employee_id}",
        None,
    ),
    ("GET", "/v1/employees/{employee_id}/score"): lambda w: (
        f"/v1/employees/{w.employee_id}/score",
        None,
    ),
    ("GET", "/v1/scores"): lambda w: ("/v1/scores?group_by=department", None),
    ("GET", "/v1/webhook-endpoints"): lambda w: ("/v1/webhook-endpoints", None),
    ("POST", "/v1/webhook-endpoints"): lambda w: (
        "/v1/webhook-endpoints",
        {"url": "https://hooks.example.com/pulse", "events": ["*"]},
    ),
    ("GET", "/v1/webhook-endpoints/{endpoint_id}"): lambda w: (
        f"/v1/webhook-endpoints/{w.webhook_endpoint_id}",
        None,
    ),
    ("PATCH", "/v1/webhook-endpoints/{endpoint_id}"): lambda w: (
        f"/v1/webhook-endpoints/{w.webhook_endpoint_id}",
        {"description": "Data warehouse"},
    ),
    ("DELETE", "/v1/webhook-endpoints/{endpoint_id}"): lambda w: (
        f"/v1/webhook-endpoints/{w.webhook_endpoint_id}",
        None,
    ),
    ("POST", "/v1/webhook-endpoints/{endpoint_id}/roll-secret"): lambda w: (
        f"/v1/webhook-endpoints/{w.webhook_endpoint_id}/roll-secret",
        None,
    ),
    ("POST", "/v1/webhook-endpoints/{endpoint_id}/test"): lambda w: (
        f"/v1/webhook-endpoints/{w.webhook_endpoint_id}/test",
        None,
    ),
    ("GET", "/v1/webhook-endpoints/{endpoint_id}/deliveries"): lambda w: (
        f"/v1/webhook-endpoints/{w.webhook_endpoint_id}/deliveries",
        None,
    ),
    ("GET", "/v1/events"): lambda w: ("/v1/events", None),
    ("GET", "/v1/events/{event_id}"): lambda w: (f"/v1/events/{w.event_id}", None),
    # No body: to every subscribed endpoint, which needs no other scope than write:events.
    ("POST", "/v1/events/{event_id}/replay"): lambda w: (f"/v1/events/{w.event_id}/replay", None),
    ("GET", "/v1/event-types"): lambda w: ("/v1/event-types", None),
}


def request_for(route: RouteInfo, world: World) -> Request:
    return REQUESTS[route.key](world)


def with_foreign_id(route: RouteInfo, world: World, foreign: World) -> Request:
    """The route's request, its path ids taken from another tenant's world."""
    path, body = request_for(route, world)
    own, other = world.ids(), foreign.ids()
    for name, own_id in own.items():
        path = path.replace(own_id, other[name])
    return path, body
