"""Bearer authentication, rate limits and scopes.

Routes declare what they need as dependency aliases built with `require_scope`,
e.g. `EmployeesRead = Annotated[Principal, Depends(require_scope("read:employees"))]`.
That dependency reads the bearer secret, asks the app's `Principals` who it stands
for (`pulse.kit.principals`), counts the request against the principal's rate limit
and checks the scope, in that order.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pulse.core.errors import PermissionDenied, Unauthenticated
from pulse.kit.metrics import RATE_LIMITED
from pulse.kit.middleware import add_response_headers
from pulse.kit.observe import note_workspace
from pulse.kit.principals import Principal
from pulse.kit.ratelimit import OverLimit
from pulse.kit.runtime import runtime
from pulse.kit.scopes import grants

bearer = HTTPBearer(
    scheme_name="ApiKey",
    bearerFormat="pk_live_… / pk_test_…",
    description="An API key: `Authorization: Bearer pk_live_…` (or `pk_test_…`).",
    auto_error=False,
)


def _secret(credentials: HTTPAuthorizationCredentials | None, request: Request) -> str:
    if credentials is None:
        if request.headers.get("authorization"):
            raise Unauthenticated(
                "Malformed Authorization header: send Authorization: Bearer <API key>."
            )
        raise Unauthenticated("Missing Authorization header: send Authorization: Bearer <API key>.")
    return credentials.credentials.strip()


async def authenticate(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The request's principal, its request counted. FastAPI runs it once per request."""
    rt = runtime(request)
    principal = await rt.principals.principal(_secret(credentials, request))
    note_workspace(request.scope, principal.tenant.workspace_id)
    try:
        headers = await rt.limiter.hit(principal.key_id, principal.rate_limit_per_minute)
    except OverLimit as over:
        RATE_LIMITED.inc()
        add_response_headers(request.scope, over.headers)
        raise over.error from None
    add_response_headers(request.scope, headers)
    return principal


def require_scope(scope: str) -> Callable[..., Awaitable[Principal]]:
    async def dependency(principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
        if not grants(principal.scopes, scope):
            raise PermissionDenied(f"This API key lacks the {scope} scope.", fields=[])
        return principal

    dependency.__name__ = f"requires_{scope.replace(':', '_').replace('*', 'all')}"
    # Lets tooling (and the scope-matrix tests) read each route's scope off the route.
    dependency.required_scope = scope  # type: ignore[attr-defined]
    return dependency
