"""Getting in and out of the console: the welcome page of a one-time link (set a
password), sign-in with email and password, sign-out."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from pulse.console.access import (
    CurrentMember,
    FormTokenChecked,
    clear_session_cookie,
    form_token,
    session_token,
    set_form_cookie,
    set_session_cookie,
)
from pulse.console.web import PREFIX, ConsoleRoute, client_ip, posted_form, render, see_other
from pulse.core.errors import InvalidRequest, NotFound
from pulse.kit.database import Db, Tx
from pulse.members import passwords, sessions
from pulse.members import service as members

router = APIRouter(prefix=PREFIX, route_class=ConsoleRoute, include_in_schema=False)

LINK_GONE = "This sign-in link has expired or was already used. Ask an owner for a new one."


def _form_page(request: Request, name: str, status_code: int = 200, **context: object) -> Response:
    """A page with a form posted before sign-in, and the double-submit cookie it repeats."""
    token = form_token(request)
    response = render(name, status_code, csrf_token=token, member=None, **context)
    set_form_cookie(response, request, token)
    return response


def _signed_in(request: Request, new: sessions.NewSession) -> Response:
    response = see_other(PREFIX)
    set_session_cookie(response, request, new.token)
    return response


@router.get("/welcome/{token}")
async def welcome(request: Request, token: str, db: Db) -> Response:
    member = await members.link_member(db, token)
    if member is None:
        raise NotFound(LINK_GONE)
    return _form_page(request, "welcome.html", email=member["email"], min=passwords.MIN_LENGTH)


@router.post("/welcome/{token}", dependencies=[FormTokenChecked])
async def set_password(request: Request, token: str, tx: Tx) -> Response:
    form = await posted_form(request)
    password, again = form.get("password", ""), form.get("password_again", "")
    try:
        passwords.check_new_password(password, again)
    except InvalidRequest as problem:
        member = await members.link_member(tx, token)
        if member is None:
            raise NotFound(LINK_GONE) from None
        return _form_page(
            request,
            "welcome.html",
            400,
            email=member["email"],
            min=passwords.MIN_LENGTH,
            error=problem.message,
        )
    # Hashed before the transaction's first statement, so no lock waits on it.
    password_hash = await passwords.hash_password(password)
    ip = client_ip(request)
    try:
        member = await members.set_password_from_link(tx, token, password_hash, ip)
    except NotFound:
        raise NotFound(LINK_GONE) from None
    return _signed_in(request, await sessions.start_session(tx, member, ip, session_token(request)))


@router.get("/sign-in")
async def sign_in_page(request: Request) -> Response:
    return _form_page(request, "sign_in.html", email="")


@router.post("/sign-in", dependencies=[FormTokenChecked])
async def sign_in(request: Request, tx: Tx) -> Response:
    form = await posted_form(request)
    email = form.get("email", "")
    new = await sessions.sign_in(
        tx, email, form.get("password", ""), client_ip(request), session_token(request)
    )
    if new is None:
        # Committed all the same: the failure counts towards the lock, and is audited.
        return _form_page(request, "sign_in.html", 401, email=email, error=sessions.SIGN_IN_REFUSED)
    return _signed_in(request, new)


@router.post("/sign-out")
async def sign_out(request: Request, member: CurrentMember, tx: Tx) -> Response:
    await sessions.sign_out(tx, member, client_ip(request))
    response = see_other(f"{PREFIX}/sign-in")
    clear_session_cookie(response, request)
    return response
