"""`/developers/keys`: the API keys of the workspace in the toggled environment.

Every member reads the list; owners and admins mint keys (the secret is shown once, on
the answer to the form itself, never stored and never in a URL) and revoke them after
a confirmation. Both go through the keys service, which audits them as for the CLI."""

from collections.abc import Mapping

from fastapi import APIRouter, Request
from starlette.responses import Response

from pulse.console.access import Changer, CurrentMember
from pulse.console.fields import confirmed, text_or_none, whole_number
from pulse.console.web import PREFIX, ConsoleRoute, client_ip, page, posted_form, see_other
from pulse.keys import service as keys
from pulse.kit.database import Db, Tx
from pulse.kit.scopes import ACTIONS, ALL, RESOURCES

router = APIRouter(prefix=PREFIX, route_class=ConsoleRoute, include_in_schema=False)

KEYS_PATH = f"{PREFIX}/keys"
# The form's scope checkboxes: each resource of the scope grammar, then all of them.
SCOPE_RESOURCES = (*RESOURCES, ALL)


def checkbox_name(action: str, resource: str) -> str:
    return f"scope:{action}:{resource}"


def chosen_scopes(form: Mapping[str, str]) -> list[str]:
    """The scopes whose checkboxes are ticked, as the grammar writes them."""
    return [
        f"{action}:{resource}"
        for resource in SCOPE_RESOURCES
        for action in ACTIONS
        if form.get(checkbox_name(action, resource)) == "on"
    ]


@router.get("/keys")
async def key_list(member: CurrentMember, db: Db) -> Response:
    listed = await keys.list_keys(db, member.workspace_id, member.environment)
    return page(
        "keys.html",
        member,
        "keys",
        KEYS_PATH,
        keys=sorted(listed, key=lambda key: key["created_at"], reverse=True),
        can_change=member.can_change,
        resources=SCOPE_RESOURCES,
        actions=ACTIONS,
        checkbox_name=checkbox_name,
    )


@router.post("/keys")
async def mint(request: Request, member: Changer, tx: Tx) -> Response:
    form = await posted_form(request)
    record, secret = await keys.create_key(
        tx,
        member.tenant,
        chosen_scopes(form),
        actor=member.actor(client_ip(request)),
        employee_id=text_or_none(form, "employee_id"),
        expires_in_days=whole_number(form, "expires_in_days", "Expiry in days"),
        name=text_or_none(form, "name"),
    )
    # Answered directly (no redirect): the secret exists only in this answer, which
    # the console's headers keep out of every cache.
    return page("key_minted.html", member, "keys", KEYS_PATH, key=record, secret=secret)


@router.get("/keys/{key_id}/revoke")
async def confirm_revoke(key_id: str, member: Changer, db: Db) -> Response:
    key = await keys.get_key(db, member.tenant, key_id)
    return page("key_revoke.html", member, "keys", KEYS_PATH, key=key)


@router.post("/keys/{key_id}/revoke")
async def revoke(request: Request, key_id: str, member: Changer, tx: Tx) -> Response:
    confirmed(await posted_form(request))
    await keys.revoke_key(tx, key_id, actor=member.actor(client_ip(request)), tenant=member.tenant)
    return see_other(KEYS_PATH)
