"""Who is signed in to the console, and the checks every console form passes.

Pages take `CurrentMember` (any signed-in member) or a role's alias built with
`require_role` (e.g. `Changer`, `Owner`); each is a `SignedIn` whose `.principal` the
services accept and whose `.tenant` is the workspace and the environment the member
is looking at. On a POST the same dependency checks the form's CSRF token, so no
state-changing form of a signed-in member can skip it.

CSRF tokens:
- Signed in: a random token kept with the session (in the database), put in every
  form's hidden `csrf_token` field; a POST whose field differs is 403.
- Not yet signed in (sign-in, welcome): no session exists to keep a token in, so a
  double-submit cookie: a random `pulse_console_csrf` cookie set when the form is shown,
  repeated in the form. Another site can make a browser post, but can neither read
  this cookie nor set it on our origin, so it cannot repeat it; the cookie is
  SameSite=Strict besides.
"""

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request, Response

from pulse.console.web import PREFIX, is_https, posted_form
from pulse.core.errors import PermissionDenied, Unauthenticated
from pulse.db.session import reading, transaction
from pulse.kit.runtime import runtime
from pulse.members import sessions
from pulse.members.roles import CHANGERS, MANAGERS, Role
from pulse.members.sessions import ABSOLUTE_TIMEOUT, SignedIn

SESSION_COOKIE = "pulse_console_session"
FORM_COOKIE = "pulse_console_csrf"
CSRF_FIELD = "csrf_token"


def session_token(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or None


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(ABSOLUTE_TIMEOUT.total_seconds()),
        path=PREFIX,
        secure=is_https(request),
        httponly=True,
        samesite="lax",
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path=PREFIX, secure=is_https(request), httponly=True, samesite="lax"
    )


async def _check_csrf(request: Request, expected: str) -> None:
    sent = (await posted_form(request)).get(CSRF_FIELD, "")
    if not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise PermissionDenied("This form is missing its security token or it is stale: reload.")


async def current_member(request: Request) -> SignedIn:
    """The signed-in member (`Unauthenticated` without one); on a POST, only with the
    session's CSRF token in the form. Reads through a session of its own, so the page
    may still open its transaction."""
    token = session_token(request)
    if token is None:
        raise Unauthenticated("Sign in to use the console.")
    engine = runtime(request).engine
    async with reading(engine) as db:
        member = await sessions.resume(db, token)
    if member is None:
        async with transaction(engine) as db:
            await sessions.end(db, token)
        raise Unauthenticated("Your console session has ended: sign in again.")
    if request.method == "POST":
        await _check_csrf(request, member.csrf_token)
    if sessions.needs_touch(member):
        async with transaction(engine) as db:
            await sessions.touch(db, member)
    return member


def require_role(*roles: Role) -> Callable[..., Awaitable[SignedIn]]:
    """A dependency: the signed-in member, when their role is one of `roles` (else 403,
    decided here on the server whatever the page showed)."""

    async def dependency(member: Annotated[SignedIn, Depends(current_member)]) -> SignedIn:
        if member.role not in roles:
            allowed = " or ".join(role.value for role in roles)
            raise PermissionDenied(f"Only a workspace's {allowed} may do this.")
        return member

    return dependency


CurrentMember = Annotated[SignedIn, Depends(current_member)]
# Mint and revoke keys, manage endpoints, replay, change settings.
Changer = Annotated[SignedIn, Depends(require_role(*CHANGERS))]
# Manage members.
Owner = Annotated[SignedIn, Depends(require_role(*MANAGERS))]


def form_token(request: Request) -> str:
    """The double-submit token for a form shown before sign-in: the browser's, or new."""
    return request.cookies.get(FORM_COOKIE) or secrets.token_urlsafe(32)


def set_form_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        FORM_COOKIE, token, path=PREFIX, secure=is_https(request), httponly=True, samesite="strict"
    )


async def check_form_token(request: Request) -> None:
    """A dependency of the forms posted before sign-in: 403 unless the form repeats the
    browser's double-submit cookie."""
    cookie = request.cookies.get(FORM_COOKIE)
    if not cookie:
        raise PermissionDenied("This form is missing its security token: reload the page.")
    await _check_csrf(request, cookie)


FormTokenChecked = Depends(check_form_token)
