"""What every `/developers` page shares: templates, security headers, forms, and
`ConsoleRoute`, the request lifecycle of a console page.

`ConsoleRoute` opens the request's database session as the API's route class does
(handlers take `Db` or `Tx` from `pulse.kit.database`; a transaction is committed after
the handler succeeded, rolled back otherwise). Errors from the one error tree answer an
HTML page with the error's status instead of the JSON envelope, and a page that needs a
signed-in member sends a browser without one to sign in (303) when it only reads; a
POST without one is 403. Every answer, error or redirect, carries the security headers.
"""

from collections.abc import Callable, Coroutine, Mapping
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.routing import APIRoute
from jinja2 import Environment, PackageLoader
from starlette.responses import HTMLResponse, RedirectResponse, Response

from pulse.core.errors import PermissionDenied, Unauthenticated
from pulse.db.session import Session
from pulse.kit.error_handlers import as_api_error
from pulse.kit.errors import status_of
from pulse.kit.runtime import runtime
from pulse.members.sessions import SignedIn

PREFIX = "/developers"
SIGN_IN_PATH = f"{PREFIX}/sign-in"

# Autoescape everything: no value reaches a page unescaped, whatever it holds.
templates = Environment(
    loader=PackageLoader("pulse.console", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)

# Console pages load their one stylesheet and their one script (copy buttons, which the
# pages do without) from the app, never inline code; forms post only back to the app; no
# one may frame them.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


def render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(templates.get_template(name).render(**context), status_code=status_code)


def see_other(path: str) -> RedirectResponse:
    """Where a form that succeeded sends the browser (post, redirect, get)."""
    return RedirectResponse(path, status_code=303)


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def is_https(request: Request) -> bool:
    """Whether the browser reached us over https: cookies are Secure then. Behind a proxy
    that terminates TLS, uvicorn takes the scheme (and the client's address) from the
    proxy's X-Forwarded-Proto and X-Forwarded-For when the proxy connects from an address
    it trusts: loopback unless FORWARDED_ALLOW_IPS says otherwise."""
    return request.url.scheme == "https"


async def posted_form(request: Request) -> Mapping[str, str]:
    """The fields of a posted HTML form (`application/x-www-form-urlencoded`); the last
    value of a repeated field wins. Parsed here: the forms are small and flat."""
    form: dict[str, str] | None = getattr(request.state, "form", None)
    if form is None:
        body = (await request.body()).decode("utf-8", errors="replace")
        form = dict(parse_qsl(body, keep_blank_values=True))
        request.state.form = form
    return form


class ConsoleRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            db = Session(runtime(request).engine)
            request.state.db = db
            try:
                response = await handler(request)
                if db.in_transaction:
                    await db.commit()
            except Exception as exc:
                await db.close()
                response = _error_page(request, exc)
            finally:
                await db.close()
            response.headers.update(SECURITY_HEADERS)
            return response

        return run


def _error_page(request: Request, exc: Exception) -> Response:
    error = as_api_error(exc, request)
    if error is None:
        raise exc
    if isinstance(error, Unauthenticated):
        if request.method in ("GET", "HEAD"):
            return see_other(SIGN_IN_PATH)
        error = PermissionDenied("Sign in first: this form needs a signed-in member.")
    status = status_of(error)
    return render("error.html", status, status=status, message=error.message, member=None)


def page(
    name: str, member: SignedIn, section: str, back: str = PREFIX, **context: Any
) -> HTMLResponse:
    """A page of a signed-in member in the console's layout (`layout.html`): its nav marks
    `section`, its forms carry the member's CSRF token, and the environment toggle comes
    back to `back`."""
    return render(
        name, member=member, section=section, csrf_token=member.csrf_token, back=back, **context
    )
