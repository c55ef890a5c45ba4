"""The app's `/v1` routes, read off its routers so that new routes join the matrices."""

from dataclasses import dataclass

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

    def url(self, resource_id: str = "") -> str:
        start = self.path.find("{")
        if start < 0:
            return self.path
        end = self.path.index("}", start)
        return self.path[:start] + resource_id + self.path[end + 1 :]


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
