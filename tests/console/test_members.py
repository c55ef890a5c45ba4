"""`/developers/members`: every member reads the list; owners invite, change roles and
remove, never leaving the workspace without an owner."""

from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.db.session import reading
from pulse.db.tables import console_members, console_sessions
from pulse.members.roles import Role
from tests.support.api import Tenants
from tests.support.console import (
    Member,
    audit_entries,
    browser,
    field_value,
    member_id_of,
    sign_in,
    signed_in,
    welcome,
)


async def _role_of(engine: AsyncEngine, member_id: str) -> str:
    async with reading(engine) as db:
        query = select(console_members.c.role).where(console_members.c.id == member_id)
        return str((await db.execute(query)).scalar_one())


async def _sessions_of(engine: AsyncEngine, member_id: str) -> int:
    async with reading(engine) as db:
        query = select(func.count()).where(console_sessions.c.member_id == member_id)
        return int((await db.execute(query)).scalar_one())


async def test_every_role_reads_the_list_and_only_owners_get_the_forms(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace, elsewhere = await tenants.workspace(), await tenants.workspace("Elsewhere")
    stranger = await signed_in(app, engine, elsewhere, Role.owner)
    members = {role: await signed_in(app, engine, workspace, role) for role in Role}
    for role, member in members.items():
        page = await member.get("/developers/members")
        assert page.status_code == 200
        for other in members.values():
            assert other.email in page.text
        assert stranger.email not in page.text
        assert ('action="/developers/members"' in page.text) is (role is Role.owner)
        assert ("/remove" in page.text) is (role is Role.owner)
    viewer_id = await member_id_of(engine, members[Role.viewer].email)
    for role in (Role.admin, Role.viewer):
        member = members[role]
        forged = [
            await member.post_form(
                "/developers/members", {"email": "forged@example.com", "role": "owner"}
            ),
            await member.post_form(f"/developers/members/{viewer_id}/role", {"role": "owner"}),
            await member.post_form(f"/developers/members/{viewer_id}/remove", {"confirm": "yes"}),
            await member.get(f"/developers/members/{viewer_id}/remove"),
        ]
        assert [answer.status_code for answer in forged] == [403] * 4, role
    assert await _role_of(engine, viewer_id) == "viewer"
    assert await audit_entries(engine, workspace, "member.role_changed") == []
    assert "forged@example.com" not in (await members[Role.owner].get("/developers/members")).text
    for member in (stranger, *members.values()):
        await member.http.aclose()


async def test_an_owner_invites_changes_a_role_and_removes(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    owner = await signed_in(app, engine, workspace, Role.owner)
    owner_id = await member_id_of(engine, owner.email)
    invited = await owner.post_form(
        "/developers/members", {"email": "Grace@Example.com", "name": "Grace", "role": "admin"}
    )
    assert invited.status_code == 200
    assert invited.headers["cache-control"] == "no-store"
    link = field_value(invited, "link")
    assert link.startswith("http://pulse.test/developers/welcome/")
    assert link not in (await owner.get("/developers/members")).text
    again = await owner.post_form(
        "/developers/members", {"email": "grace@example.com", "role": "viewer"}
    )
    assert again.status_code == 409

    grace = browser(app)
    assert (await welcome(grace, link.rsplit("/", 1)[1])).status_code == 303
    grace_id = await member_id_of(engine, "grace@example.com")
    assert await _role_of(engine, grace_id) == "admin"

    changed = await owner.post_form(f"/developers/members/{grace_id}/role", {"role": "viewer"})
    assert changed.status_code == 303
    assert await _role_of(engine, grace_id) == "viewer"
    # Her session follows the new role at once.
    refused = await Member(grace, "grace@example.com").post_form(
        "/developers/settings", {"kudos_monthly_allowance": "1"}
    )
    assert refused.status_code == 403
    bad_role = await owner.post_form(f"/developers/members/{grace_id}/role", {"role": "king"})
    assert bad_role.status_code == 400

    confirm = await owner.get(f"/developers/members/{grace_id}/remove")
    assert confirm.status_code == 200
    assert 'name="confirm" value="yes" required' in confirm.text
    unconfirmed = await owner.post_form(f"/developers/members/{grace_id}/remove", {})
    assert unconfirmed.status_code == 400
    assert await _sessions_of(engine, grace_id) == 1
    removed = await owner.post_form(f"/developers/members/{grace_id}/remove", {"confirm": "yes"})
    assert removed.status_code == 303
    assert await _sessions_of(engine, grace_id) == 0
    assert (await grace.get("/developers")).status_code == 303  # to sign-in
    assert (await sign_in(grace, "grace@example.com")).status_code == 401
    assert "grace@example.com" not in (await owner.get("/developers/members")).text

    for action, details in (
        ("member.invited", {"email": "grace@example.com", "role": "admin"}),
        ("member.role_changed", {"email": "grace@example.com", "from": "admin", "to": "viewer"}),
        ("member.removed", {"email": "grace@example.com", "role": "viewer"}),
    ):
        entries = [
            entry
            for entry in await audit_entries(engine, workspace, action)
            if entry["target"] == grace_id
        ]
        assert [(e["actor"], e["ip"], e["details"]) for e in entries] == [
            (owner_id, "127.0.0.1", details)
        ], action
    await grace.aclose()
    await owner.http.aclose()


async def test_the_last_owner_stays_and_other_workspaces_members_are_not_found(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace, elsewhere = await tenants.workspace(), await tenants.workspace("Elsewhere")
    owner = await signed_in(app, engine, workspace, Role.owner)
    owner_id = await member_id_of(engine, owner.email)
    stranger = await signed_in(app, engine, elsewhere, Role.viewer)
    stranger_id = await member_id_of(engine, stranger.email)

    demoted = await owner.post_form(f"/developers/members/{owner_id}/role", {"role": "admin"})
    removed = await owner.post_form(f"/developers/members/{owner_id}/remove", {"confirm": "yes"})
    assert [demoted.status_code, removed.status_code] == [422, 422]
    assert "last owner" in demoted.text and "last owner" in removed.text
    assert await _role_of(engine, owner_id) == "owner"
    assert await _sessions_of(engine, owner_id) == 1

    for answer in (
        await owner.post_form(f"/developers/members/{stranger_id}/role", {"role": "owner"}),
        await owner.post_form(f"/developers/members/{stranger_id}/remove", {"confirm": "yes"}),
        await owner.get(f"/developers/members/{stranger_id}/remove"),
    ):
        assert answer.status_code == 404
    assert await _role_of(engine, stranger_id) == "viewer"
    assert await _sessions_of(engine, stranger_id) == 1

    # With a second owner, the first may step down, and then leave: signed out.
    second = await signed_in(app, engine, workspace, Role.owner)
    assert (
        await owner.post_form(f"/developers/members/{owner_id}/role", {"role": "admin"})
    ).status_code == 303
    assert (await owner.get("/developers/members")).status_code == 200
    promoted = await second.post_form(f"/developers/members/{owner_id}/role", {"role": "owner"})
    assert promoted.status_code == 303
    left = await owner.post_form(f"/developers/members/{owner_id}/remove", {"confirm": "yes"})
    assert left.status_code == 303
    assert left.headers["location"] == "/developers/sign-in"
    assert await _sessions_of(engine, owner_id) == 0
    for member in (owner, stranger, second):
        await member.http.aclose()
