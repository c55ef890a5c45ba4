"""`/developers/members`: who may use the console for this workspace.

Every member may read the list (a team should know who holds the keys); only owners
invite, change roles and remove, through the members service that audits each change
and keeps the workspace's last owner. A new member's one-time link is shown once, on
the answer to the invitation itself."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from pulse.console.access import CurrentMember, Owner, clear_session_cookie
from pulse.console.fields import confirmed, text_or_none
from pulse.console.web import PREFIX, ConsoleRoute, client_ip, page, posted_form, see_other
from pulse.core.errors import InvalidRequest
from pulse.kit.database import Db, Tx
from pulse.members import service as members
from pulse.members.roles import MANAGERS, Role

router = APIRouter(prefix=PREFIX, route_class=ConsoleRoute, include_in_schema=False)

MEMBERS_PATH = f"{PREFIX}/members"


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise InvalidRequest(f"A role is one of {known}.", ["role"]) from None


@router.get("/members")
async def member_list(member: CurrentMember, db: Db) -> Response:
    return page(
        "members.html",
        member,
        "members",
        MEMBERS_PATH,
        members=await members.list_members(db, member.workspace_id),
        can_manage=member.role in MANAGERS,
        roles=list(Role),
    )


@router.post("/members")
async def invite(request: Request, member: Owner, tx: Tx) -> Response:
    form = await posted_form(request)
    link = await members.invite(
        tx,
        member.workspace_id,
        form.get("email", ""),
        _role(form.get("role", "")),
        text_or_none(form, "name"),
        member.actor(client_ip(request)),
    )
    # Answered directly: the link signs its holder in, so it lives only in this answer.
    url = link.url(str(request.base_url))
    return page("member_invited.html", member, "members", MEMBERS_PATH, link=link, url=url)


@router.post("/members/{member_id}/role")
async def change_role(request: Request, member_id: str, member: Owner, tx: Tx) -> Response:
    role = _role((await posted_form(request)).get("role", ""))
    actor = member.actor(client_ip(request))
    await members.change_role(tx, member.workspace_id, member_id, role, actor)
    return see_other(MEMBERS_PATH)


@router.get("/members/{member_id}/remove")
async def confirm_remove(member_id: str, member: Owner, db: Db) -> Response:
    chosen = await members.get_member(db, member.workspace_id, member_id)
    return page("member_remove.html", member, "members", MEMBERS_PATH, chosen=chosen)


@router.post("/members/{member_id}/remove")
async def remove(request: Request, member_id: str, member: Owner, tx: Tx) -> Response:
    confirmed(await posted_form(request))
    await members.remove(tx, member.workspace_id, member_id, member.actor(client_ip(request)))
    if member_id != member.member_id:
        return see_other(MEMBERS_PATH)
    # An owner who removed themselves is signed out with the rest of their sessions.
    response = see_other(f"{PREFIX}/sign-in")
    clear_session_cookie(response, request)
    return response
