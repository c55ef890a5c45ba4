"""Bearer-key authentication, scopes and personal keys.

Routes declare what they need as dependency aliases built with `require_scope`,
e.g. `EmployeesRead = Annotated[Principal, Depends(require_scope("read:employees"))]`.
That dependency authenticates the key, counts the request against the key's rate
limit and checks the scope, in that order.
"""

import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pulse.core.errors import InvalidRequest, PermissionDenied, Unauthenticated
from pulse.core.tenancy import Environment, Tenant
from pulse.keys import repository as keys
from pulse.keys.service import hash_secret
from pulse.kit.clock import rfc3339, utcnow
from pulse.kit.middleware import add_response_headers
from pulse.kit.ratelimit import OverLimit
from pulse.kit.runtime import Runtime, runtime
from pulse.kit.scopes import grants
from pulse.kit.transactions import transaction

log = logging.getLogger("pulse.auth")

KEY_PATTERN = re.compile(r"pk_(live|test)_[0-9A-Za-z]{32,}")
# `last_used_at` is a hint for humans; writing it on every request would turn each
# read into a write, so each process refreshes it at most once a minute per key.
LAST_USED_RESOLUTION_SECONDS = 60.0

bearer = HTTPBearer(
    scheme_name="ApiKey",
    bearerFormat="pk_live_… / pk_test_…",
    description="An API key: `Authorization: Bearer pk_live_…` (or `pk_test_…`).",
    auto_error=False,
)


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller: an API key, its tenant, scopes and bound employee."""

    key_id: str
    tenant: Tenant
    scopes: frozenset[str]
    employee_id: str | None
    rate_limit_per_minute: int

    @property
    def is_personal(self) -> bool:
        return self.employee_id is not None

    def acting_employee(self, requested: str | None, field: str = "employee_id") -> str:
        """The employee a write is for: a personal key acts only as its own employee."""
        if self.employee_id is not None:
            if requested is not None and requested != self.employee_id:
                raise PermissionDenied(
                    f"A personal key acts only for its own employee ({self.employee_id}).",
                    fields=[field],
                )
            return self.employee_id
        if requested is None:
            raise InvalidRequest(
                f"{field} is required: this key is not bound to an employee.", fields=[field]
            )
        return requested

    def require_integration_key(self, what: str) -> None:
        if self.employee_id is not None:
            raise PermissionDenied(f"Personal keys cannot {what}; use an integration key.")


def _unauthenticated(message: str) -> Unauthenticated:
    return Unauthenticated(message)


def _token(credentials: HTTPAuthorizationCredentials | None, request: Request) -> str:
    if credentials is None:
        if request.headers.get("authorization"):
            raise _unauthenticated(
                "Malformed Authorization header: send Authorization: Bearer <API key>."
            )
        raise _unauthenticated(
            "Missing Authorization header: send Authorization: Bearer <API key>."
        )
    token = credentials.credentials.strip()
    if not KEY_PATTERN.fullmatch(token):
        raise _unauthenticated("Malformed API key: keys look like pk_live_… or pk_test_….")
    return token


async def _lookup(rt: Runtime, token: str) -> Principal:
    secret_hash = hash_secret(token)
    # A key is read on every request; remembering it briefly saves the round trip, at
    # the price of a revocation taking up to `key_cache_seconds` to reach this process.
    row = rt.key_cache.get(secret_hash) if rt.key_cache is not None else None
    if row is None:
        async with transaction(rt.engine, write=False) as conn:
            row = await keys.find_for_auth(conn, secret_hash)
        if row is None:
            raise _unauthenticated("Invalid API key.")
        if rt.key_cache is not None:
            rt.key_cache[secret_hash] = row
    principal = _principal(rt, row)
    await _touch(rt, principal.key_id)
    return principal


def _principal(rt: Runtime, row: dict[str, Any]) -> Principal:
    now = utcnow()
    if row["revoked_at"] is not None:
        raise _unauthenticated(f"This API key was revoked at {rfc3339(row['revoked_at'])}.")
    if row["expires_at"] is not None and row["expires_at"] <= now:
        raise _unauthenticated(f"This API key expired at {rfc3339(row['expires_at'])}.")
    override = row["rate_limit_per_minute"]
    return Principal(
        key_id=row["id"],
        tenant=Tenant(row["workspace_id"], Environment(row["environment"])),
        scopes=frozenset(row["scopes"]),
        employee_id=row["employee_id"],
        rate_limit_per_minute=rt.settings.rate_limit_per_minute if override is None else override,
    )


async def _touch(rt: Runtime, key_id: str) -> None:
    last = rt.key_last_touched.get(key_id)
    now = time.monotonic()
    if last is not None and now - last < LAST_USED_RESOLUTION_SECONDS:
        return
    rt.key_last_touched[key_id] = now
    try:
        async with transaction(rt.engine, write=True) as conn:
            await keys.touch_key(conn, key_id, utcnow())
    except Exception:
        # A usage hint is not worth failing the request over.
        log.warning("could not record last use of key %s", key_id, exc_info=True)


async def authenticate(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The request's principal, rate limit counted. Cached by FastAPI per request."""
    known: Principal | None = getattr(request.state, "principal", None)
    if known is not None:
        # The route runs its handler again, in a transaction (`kit.routing`): count it once.
        return known
    rt = runtime(request)
    principal = await _lookup(rt, _token(credentials, request))
    try:
        headers = await rt.limiter.hit(principal.key_id, principal.rate_limit_per_minute)
    except OverLimit as over:
        add_response_headers(request.scope, over.headers)
        raise over.error from None
    add_response_headers(request.scope, headers)
    request.state.principal = principal
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
