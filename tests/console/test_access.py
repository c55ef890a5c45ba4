"""Who may do what in the console, and the guards every page and form has."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.app import create_app
from pulse.audit.service import CLI
from pulse.console.access import Changer, CurrentMember, Owner
from pulse.console.web import ConsoleRoute
from pulse.core.tenancy import Environment, Tenant
from pulse.db.session import reading, transaction
from pulse.db.tables import audit_log, console_sessions, console_sign_in_failures
from pulse.keys import service as keys
from pulse.members.roles import Role
from tests.support.api import Tenants
from tests.support.console import (
    SESSION_COOKIE,
    browser,
    csrf_of,
    invite,
    sign_in,
    signed_in,
    welcome,
)
from tests.support.environment import make_settings

SECURITY_HEADERS = {
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}


def _assert_guarded(headers: httpx.Headers) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    # Scripts only from the app's own files: never inline, never another site's.
    assert "script-src 'self';" in policy
    assert "unsafe" not in policy


# A console with one page per role check, for the seams later pages build on.
probe = APIRouter(prefix="/developers/probe", route_class=ConsoleRoute)


@probe.get("/principal")
async def principal_of(member: CurrentMember) -> dict[str, object]:
    principal = member.principal
    return {
        "workspace_id": principal.tenant.workspace_id,
        "environment": principal.tenant.environment.value,
        "scopes": sorted(principal.scopes),
        "personal": principal.is_personal,
    }


@probe.post("/change")
async def change(member: Changer) -> dict[str, str]:
    return {"changed_by": member.member_id}


@probe.post("/members")
async def manage_members(member: Owner) -> dict[str, str]:
    return {"managed_by": member.member_id}


@pytest.fixture(scope="module")
async def console(database_url: str) -> AsyncIterator[FastAPI]:
    application = create_app(make_settings(database_url))
    application.include_router(probe)
    yield application
    await application.state.runtime.engine.dispose()


async def test_every_console_answer_carries_the_security_headers(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    member = await signed_in(app, engine, await tenants.workspace())
    answers = [
        await member.get("/developers"),
        await member.get("/developers/audit"),
        await member.get("/developers/console.css"),
        await member.get("/developers/welcome/no-such-link"),  # an error page
    ]
    async with browser(app) as stranger:
        answers += [
            await stranger.get("/developers/sign-in"),
            await stranger.get("/developers"),  # a redirect
            await stranger.post("/developers/sign-out"),  # a refusal
        ]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 404, 200, 303, 403]
    for answer in answers:
        _assert_guarded(answer.headers)
    assert answers[2].headers["content-type"].startswith("text/css")
    assert '<link rel="stylesheet" href="/developers/console.css">' in answers[0].text
    assert "<script" not in answers[0].text
    await member.http.aclose()


async def test_without_a_session_pages_redirect_and_forms_are_refused(app: FastAPI) -> None:
    async with browser(app) as http:
        for path in ("/developers", "/developers/audit"):
            answer = await http.get(path)
            assert answer.status_code == 303
            assert answer.headers["location"] == "/developers/sign-in"
        for path in ("/developers/sign-out", "/developers/environment"):
            answer = await http.post(path, data={"environment": "live"})
            assert answer.status_code == 403
            assert "text/html" in answer.headers["content-type"]


async def _session_count(engine: AsyncEngine) -> int:
    async with reading(engine) as db:
        return int(
            (await db.execute(select(func.count()).select_from(console_sessions))).scalar_one()
        )


async def test_forms_without_the_right_csrf_token_are_403_and_change_nothing(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    member = await signed_in(app, engine, workspace)
    for fields in ({}, {"csrf_token": ""}, {"csrf_token": "forged"}):
        out = await member.http.post("/developers/sign-out", data=fields)
        assert out.status_code == 403, out.text
        switch = await member.http.post(
            "/developers/environment", data={**fields, "environment": "live"}
        )
        assert switch.status_code == 403
    home = await member.get("/developers")
    assert home.status_code == 200  # still signed in
    assert "<strong>test</strong> data" in home.text  # still in test

    # Before sign-in, the form's token must repeat the browser's cookie.
    _, token = await invite(engine, workspace)
    async with reading(engine) as db:
        failures_before = (
            await db.execute(select(func.count()).select_from(console_sign_in_failures))
        ).scalar_one()
    sessions_before = await _session_count(engine)
    async with browser(app) as http:
        page = await http.get("/developers/sign-in")
        fields = {"email": member.email, "password": "whatever it is"}
        no_token = await http.post("/developers/sign-in", data=fields)
        wrong = await http.post("/developers/sign-in", data={**fields, "csrf_token": "forged"})
        http.cookies.clear()
        no_cookie = await http.post(
            "/developers/sign-in", data={**fields, "csrf_token": csrf_of(page)}
        )
        welcome_page = await http.get(f"/developers/welcome/{token}")
        set_without = await http.post(
            f"/developers/welcome/{token}",
            data={"password": "a long enough password", "password_again": "a long enough password"},
        )
        assert welcome_page.status_code == 200
    assert [no_token.status_code, wrong.status_code, no_cookie.status_code] == [403, 403, 403]
    assert set_without.status_code == 403
    async with reading(engine) as db:
        failures_after = (
            await db.execute(select(func.count()).select_from(console_sign_in_failures))
        ).scalar_one()
        invited = (
            await db.execute(
                select(func.count()).where(
                    audit_log.c.workspace_id == workspace, audit_log.c.action != "member.invited"
                )
            )
        ).scalar_one()
    assert failures_after == failures_before
    assert await _session_count(engine) == sessions_before
    # Only the first member's welcome: neither refused form wrote to the audit log.
    assert invited == 2
    # The link survived the refused form.
    async with browser(app) as http:
        assert (await welcome(http, token)).status_code == 303
    await member.http.aclose()


async def test_roles_are_checked_on_the_server(console: FastAPI, tenants: Tenants) -> None:
    engine: AsyncEngine = console.state.runtime.engine
    workspace = await tenants.workspace()
    members = {role: await signed_in(console, engine, workspace, role) for role in Role}
    allowed = {
        "/developers/probe/change": {Role.owner, Role.admin},
        "/developers/probe/members": {Role.owner},
    }
    for path, roles in allowed.items():
        for role, member in members.items():
            answer = await member.post_form(path, {})
            assert answer.status_code == (200 if role in roles else 403), (path, role)
    viewer = await members[Role.viewer].get("/developers/probe/principal")
    assert viewer.json() == {
        "workspace_id": workspace,
        "environment": "test",
        "scopes": ["read:*"],
        "personal": False,
    }
    for member in members.values():
        await member.http.aclose()


async def test_the_environment_toggle_moves_the_principal(
    console: FastAPI, tenants: Tenants
) -> None:
    engine: AsyncEngine = console.state.runtime.engine
    member = await signed_in(console, engine, await tenants.workspace(), Role.admin)
    switched = await member.post_form(
        "/developers/environment", {"environment": "live", "back": "/developers/audit"}
    )
    assert switched.status_code == 303
    assert switched.headers["location"] == "/developers/audit"
    assert (await member.get("/developers/probe/principal")).json()["environment"] == "live"
    assert "<strong>live</strong> data" in (await member.get("/developers")).text
    away = await member.post_form(
        "/developers/environment", {"environment": "test", "back": "https://elsewhere.example"}
    )
    assert away.headers["location"] == "/developers"
    assert (await member.get("/developers/probe/principal")).json()["environment"] == "test"
    bad = await member.post_form("/developers/environment", {"environment": "prod"})
    assert bad.status_code == 400
    await member.http.aclose()


async def test_a_member_sees_only_their_workspace(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    mine, theirs = await tenants.workspace("Mine"), await tenants.workspace("Theirs")
    async with transaction(engine) as db:
        own_key, _ = await keys.create_key(db, Tenant(mine, Environment.test), ["*"], actor=CLI)
        other_key, _ = await keys.create_key(db, Tenant(theirs, Environment.live), ["*"], actor=CLI)
    member = await signed_in(app, engine, mine, Role.viewer)
    stranger = await signed_in(app, engine, theirs, Role.owner)
    page = await member.get("/developers/audit")
    assert own_key["id"] in page.text
    assert other_key["id"] not in page.text
    assert stranger.email not in page.text
    filtered = await member.get("/developers/audit", params={"action": "key.created"})
    assert own_key["id"] in filtered.text
    assert "<td><code>key.created</code></td>" in filtered.text
    assert "<td><code>member.signed_in</code></td>" in page.text
    assert "<td><code>member.signed_in</code></td>" not in filtered.text
    await member.http.aclose()
    await stranger.http.aclose()


async def test_a_signed_in_browser_that_signs_in_again_keeps_one_session(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    member = await signed_in(app, engine, await tenants.workspace())
    before = await _session_count(engine)
    assert (await sign_in(member.http, member.email)).status_code == 303
    assert await _session_count(engine) == before
    assert SESSION_COOKIE in member.http.cookies
    await member.http.aclose()


async def test_forms_are_taken_only_by_the_console(app: FastAPI) -> None:
    async with browser(app) as http:
        api = await http.post("/v1/employees", data={"full_name": "Ada"})
        assert api.status_code == 415
        console = await http.post("/developers/sign-in", json={"email": "a@example.com"})
        assert console.status_code == 415
