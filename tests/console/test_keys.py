"""`/developers/keys`: list, mint (the secret shown once) and revoke, by role."""

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.audit.service import CLI
from pulse.core.errors import NotFound
from pulse.core.tenancy import Environment, Tenant
from pulse.db.session import reading, transaction
from pulse.db.tables import api_keys
from pulse.keys import service as keys
from pulse.members.roles import Role
from tests.support.api import Api, Tenants
from tests.support.console import (
    Member,
    audit_entries,
    csrf_of,
    field_value,
    member_id_of,
    signed_in,
)

MINT = {
    "name": "Payroll sync",
    "scope:read:employees": "on",
    "scope:write:kudos": "on",
    "expires_in_days": "30",
}


async def _key_count(engine: AsyncEngine, workspace_id: str) -> int:
    async with reading(engine) as db:
        query = select(func.count()).where(api_keys.c.workspace_id == workspace_id)
        return int((await db.execute(query)).scalar_one())


async def _mint(member: Member, fields: dict[str, str] = MINT) -> tuple[httpx.Response, str]:
    answer = await member.post_form("/developers/keys", fields)
    assert answer.status_code == 200, answer.text
    return answer, field_value(answer, "secret")


async def test_every_role_sees_the_keys_of_the_toggled_environment(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    test_key = await tenants.key(workspace, Environment.test)
    live_key = await tenants.key(workspace, Environment.live)
    for role in Role:
        member = await signed_in(app, engine, workspace, role)
        page = await member.get("/developers/keys")
        assert page.status_code == 200
        assert f"{test_key.secret[:12]}…{test_key.secret[-4:]}" in page.text
        assert f"{live_key.secret[:12]}…{live_key.secret[-4:]}" not in page.text
        assert test_key.secret not in page.text
        can_change = role in (Role.owner, Role.admin)
        assert ('action="/developers/keys"' in page.text) is can_change
        assert (f"/developers/keys/{test_key.key_id}/revoke" in page.text) is can_change
        await member.post_form("/developers/environment", {"environment": "live"})
        live = await member.get("/developers/keys")
        assert f"{live_key.secret[:12]}…{live_key.secret[-4:]}" in live.text
        assert test_key.key_id not in live.text
        await member.http.aclose()


async def test_a_minted_key_is_shown_once_works_and_dies_when_revoked(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants, client: httpx.AsyncClient
) -> None:
    workspace = await tenants.workspace()
    admin = await signed_in(app, engine, workspace, Role.admin)
    answer, secret = await _mint(admin)
    assert secret.startswith("pk_test_")
    assert answer.headers["cache-control"] == "no-store"
    # The copy button needs the console's script; without it the button stays hidden.
    assert '<script src="/developers/console.js" defer></script>' in answer.text
    assert '<button type="button" data-copy="secret" hidden>Copy</button>' in answer.text
    script = await admin.get("/developers/console.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "clipboard" in script.text

    # Stored hashed, never in plain; the list shows only its ends.
    async with reading(engine) as db:
        rows = (
            (await db.execute(select(api_keys).where(api_keys.c.workspace_id == workspace)))
            .mappings()
            .all()
        )
    assert len(rows) == 1
    stored = dict(rows[0])
    assert secret not in {str(value) for value in stored.values()}
    assert stored["secret_hash"] == keys.hash_secret(secret)
    assert stored["scopes"] == ["read:employees", "write:kudos"]
    assert stored["name"] == "Payroll sync"
    assert stored["expires_at"] is not None
    listed = await admin.get("/developers/keys")
    assert secret not in listed.text
    assert f"{secret[:12]}…{secret[-4:]}" in listed.text

    api = Api(client, Tenant(workspace, Environment.test), secret, stored["id"])
    assert (await api.get("/v1/employees")).status_code == 200
    # The scopes are the ones ticked: no webhooks.
    assert (await api.get("/v1/webhook-endpoints")).status_code == 403

    confirm = await admin.get(f"/developers/keys/{stored['id']}/revoke")
    assert confirm.status_code == 200
    assert 'name="confirm" value="yes" required' in confirm.text
    unconfirmed = await admin.http.post(
        f"/developers/keys/{stored['id']}/revoke", data={"csrf_token": csrf_of(confirm)}
    )
    assert unconfirmed.status_code == 400
    assert (await api.get("/v1/employees")).status_code == 200
    revoked = await admin.http.post(
        f"/developers/keys/{stored['id']}/revoke",
        data={"csrf_token": csrf_of(confirm), "confirm": "yes"},
    )
    assert revoked.status_code == 303
    assert revoked.headers["location"] == "/developers/keys"
    assert (await api.get("/v1/employees")).status_code == 401

    admin_id = await member_id_of(engine, admin.email)
    for action in ("key.created", "key.revoked"):
        [entry] = await audit_entries(engine, workspace, action)
        assert (entry["actor"], entry["ip"], entry["target"]) == (
            admin_id,
            "127.0.0.1",
            stored["id"],
        )
        assert entry["environment"] == "test"
    await admin.http.aclose()


async def test_a_key_for_an_employee_with_no_expiry(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants, client: httpx.AsyncClient
) -> None:
    workspace = await tenants.workspace()
    tenant = Tenant(workspace, Environment.test)
    person = await tenants.employee(tenant)
    owner = await signed_in(app, engine, workspace, Role.owner)
    _, secret = await _mint(owner, {"scope:read:*": "on", "employee_id": person})
    async with reading(engine) as db:
        [row] = (
            (await db.execute(select(api_keys).where(api_keys.c.workspace_id == workspace)))
            .mappings()
            .all()
        )
    assert (row["employee_id"], row["expires_at"], row["scopes"]) == (person, None, ["read:*"])
    assert (await Api(client, tenant, secret, row["id"]).get("/v1/employees")).status_code == 200

    unknown = await owner.post_form(
        "/developers/keys", {"scope:read:*": "on", "employee_id": "emp_nobody"}
    )
    no_scope = await owner.post_form("/developers/keys", {"name": "nothing ticked"})
    bad_days = await owner.post_form(
        "/developers/keys", {"scope:read:*": "on", "expires_in_days": "soon"}
    )
    assert [unknown.status_code, no_scope.status_code, bad_days.status_code] == [404, 400, 400]
    assert "emp_nobody" in unknown.text
    assert 'id="secret"' not in unknown.text + no_scope.text + bad_days.text
    assert await _key_count(engine, workspace) == 1
    await owner.http.aclose()


async def test_viewers_and_forms_without_a_token_change_nothing(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    key = await tenants.key(workspace)
    viewer = await signed_in(app, engine, workspace, Role.viewer)
    admin = await signed_in(app, engine, workspace, Role.admin)
    forged = [
        await viewer.post_form("/developers/keys", MINT),
        await viewer.post_form(f"/developers/keys/{key.key_id}/revoke", {"confirm": "yes"}),
        await viewer.get(f"/developers/keys/{key.key_id}/revoke"),
        await admin.http.post("/developers/keys", data=MINT),
        await admin.http.post(
            f"/developers/keys/{key.key_id}/revoke",
            data={"confirm": "yes", "csrf_token": "forged"},
        ),
    ]
    assert [answer.status_code for answer in forged] == [403] * 5
    assert await _key_count(engine, workspace) == 1
    assert (await key.get("/v1/employees")).status_code == 200
    assert await audit_entries(engine, workspace, "key.revoked") == []
    await viewer.http.aclose()
    await admin.http.aclose()


async def test_another_workspaces_or_environments_key_is_not_found(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    mine, theirs = await tenants.workspace("Mine"), await tenants.workspace("Theirs")
    their_key = await tenants.key(theirs)
    my_live_key = await tenants.key(mine, Environment.live)
    owner = await signed_in(app, engine, mine, Role.owner)
    for key in (their_key, my_live_key):
        assert (await owner.get(f"/developers/keys/{key.key_id}/revoke")).status_code == 404
        answer = await owner.post_form(f"/developers/keys/{key.key_id}/revoke", {"confirm": "yes"})
        assert answer.status_code == 404
        assert (await key.get("/v1/employees")).status_code == 200
    # The service itself refuses, whoever calls it with a tenant.
    async with transaction(engine) as db:
        with pytest.raises(NotFound):
            await keys.revoke_key(
                db, their_key.key_id, actor=CLI, tenant=Tenant(mine, Environment.test)
            )
    assert (await their_key.get("/v1/employees")).status_code == 200
    await owner.http.aclose()
