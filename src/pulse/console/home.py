"""The console's own pages: home, the audit log, the test/live toggle, the stylesheet,
the icon and the one script (copy buttons)."""

from importlib.resources import files
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from pulse.audit import service as audit
from pulse.console.access import CurrentMember
from pulse.console.web import PREFIX, ConsoleRoute, page, posted_form, see_other
from pulse.core.errors import InvalidRequest
from pulse.core.tenancy import Environment
from pulse.kit.database import Db, Tx
from pulse.kit.ids import looks_like_id
from pulse.members import sessions

router = APIRouter(prefix=PREFIX, route_class=ConsoleRoute, include_in_schema=False)

AUDIT = f"{PREFIX}/audit"

STYLESHEET = files("pulse.console").joinpath("static/console.css").read_text()
SCRIPT = files("pulse.console").joinpath("static/console.js").read_text()
# Declared by every page, so browsers ask for it rather than a /favicon.ico nobody serves.
ICON = files("pulse.console").joinpath("static/icon.svg").read_text()


@router.get("/console.css")
async def stylesheet() -> Response:
    return Response(STYLESHEET, media_type="text/css")


@router.get("/console.js")
async def script() -> Response:
    return Response(SCRIPT, media_type="text/javascript")


@router.get("/icon.svg")
async def icon() -> Response:
    return Response(ICON, media_type="image/svg+xml")


@router.get("")
async def home(member: CurrentMember) -> Response:
    return page("home.html", member, "home")


@router.get("/audit")
async def audit_log(
    member: CurrentMember,
    db: Db,
    action: str | None = Query(None, max_length=64),
    actor: str | None = Query(None, max_length=40),
    before: str | None = Query(None, max_length=40),
) -> Response:
    chosen = {"action": action or None, "actor": actor or None}
    if before and not looks_like_id(before):
        raise InvalidRequest("This link to older entries is not one the log made.", ["before"])
    found = await audit.newest(db, member.workspace_id, before=before or None, **chosen)
    # The links to other pages keep the filters.
    kept = {name: value for name, value in chosen.items() if value}
    older = found.older_than
    return page(
        "audit.html",
        member,
        "audit",
        AUDIT,
        entries=found.entries,
        actions=await audit.actions(db, member.workspace_id),
        actors=await audit.actors(db, member.workspace_id),
        chosen=chosen,
        older_page=f"{AUDIT}?{urlencode({**kept, 'before': older})}" if older else None,
        newest_page=f"{AUDIT}?{urlencode(kept)}" if before else None,
    )


@router.post("/environment")
async def switch_environment(request: Request, member: CurrentMember, tx: Tx) -> Response:
    """The test/live toggle: the session remembers the environment the member looks at."""
    form = await posted_form(request)
    try:
        environment = Environment(form.get("environment", ""))
    except ValueError:
        raise InvalidRequest("The environment is test or live.", ["environment"]) from None
    await sessions.switch_environment(tx, member, environment)
    back = form.get("back", "")
    # Only back to a console page: never to another site.
    return see_other(back if back == PREFIX or back.startswith(PREFIX + "/") else PREFIX)
