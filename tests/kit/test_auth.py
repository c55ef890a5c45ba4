"""Keys, scopes and personal keys: who may call what."""

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update

from pulse.audit.service import CLI
from pulse.core.tenancy import Environment, Tenant
from pulse.db.session import reading, transaction
from pulse.db.tables import api_keys
from pulse.keys import service as keys
from pulse.kit.clock import utcnow
from pulse.kit.scopes import RESOURCES
from tests.support.api import Api, Tenants, assert_error
from tests.support.routes import REQUESTS, RouteInfo, World, api_routes, request_for
from tests.support.world import build_world

ROUTES = api_routes()
ROUTE_IDS = [f"{route.method} {route.path}" for route in ROUTES]


def test_every_route_declares_a_scope_and_has_a_sample_request() -> None:
    assert {(r.method, r.path) for r in ROUTES} >= {
        ("GET", "/v1/employees"),
        ("POST", "/v1/employees"),
        ("GET", "/v1/employees/{employee_id}"),
        ("PATCH", "/v1/employees/{employee_id}"),
        ("DELETE", "/v1/employees/{employee_id}"),
    }
    for route in ROUTES:
        action, _, resource = route.scope.partition(":")
        assert resource in RESOURCES, route
        assert action == ("read" if route.method == "GET" else "write"), route
        assert route.key in REQUESTS, f"tests/routes.py has no sample request for {route}"


async def _call(api: Api, route: RouteInfo, world: World) -> httpx.Response:
    path, body = request_for(route, world)
    return await api.request(route.method, path, **({"json": body} if body is not None else {}))


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
async def test_a_key_lacking_the_scope_gets_403_naming_it(
    tenants: Tenants, route: RouteInfo
) -> None:
    workspace = await tenants.workspace()
    world = await build_world(await tenants.key(workspace), tenants)
    needed_resource = route.scope.partition(":")[2]
    others = tuple(f"write:{r}" for r in RESOURCES if r != needed_resource)
    lacking = await tenants.key(workspace, scopes=others)
    error = assert_error(await _call(lacking, route, world), 403, "permission_denied")
    assert route.scope in error["message"]
    if route.scope.startswith("write:"):
        read_only = await tenants.key(workspace, scopes=(f"read:{needed_resource}", "read:*"))
        assert_error(await _call(read_only, route, world), 403, "permission_denied")


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
@pytest.mark.parametrize("granted", ["exact", "write_implies_read", "wildcard", "star"])
async def test_a_key_with_the_scope_passes(
    tenants: Tenants, route: RouteInfo, granted: str
) -> None:
    workspace = await tenants.workspace()
    world = await build_world(await tenants.key(workspace), tenants)
    action, _, resource = route.scope.partition(":")
    scopes = {
        "exact": (route.scope,),
        "write_implies_read": (f"write:{resource}",),
        "wildcard": (f"{action}:*",),
        "star": ("*",),
    }[granted]
    key = await tenants.key(workspace, scopes=scopes)
    response = await _call(key, route, world)
    assert response.status_code < 300, response.text


@pytest.mark.parametrize(
    ("authorization", "message_part"),
    [
        (None, "Missing Authorization"),
        ("Basic dXNlcjpwYXNz", "Malformed Authorization"),
        ("Bearer", "Malformed Authorization"),
        ("Bearer not-a-key", "Malformed API key"),
        ("Bearer pk_prod_" + "a" * 40, "Malformed API key"),
        ("Bearer pk_test_short", "Malformed API key"),
        ("Bearer pk_test_" + "a" * 40, "Invalid API key"),
    ],
)
async def test_missing_or_bad_credentials_are_401(
    client: httpx.AsyncClient, authorization: str | None, message_part: str
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = await client.get("/v1/employees", headers=headers)
    error = assert_error(response, 401, "unauthenticated")
    assert message_part in error["message"]
    assert "x-ratelimit-limit" not in response.headers
    assert response.headers["www-authenticate"].startswith("Bearer ")


async def test_revoked_key_is_401(tenants: Tenants, api: Api) -> None:
    assert (await api.get("/v1/employees")).status_code == 200
    async with transaction(tenants.engine) as conn:
        await keys.revoke_key(conn, api.key_id, actor=CLI, tenant=None)
    error = assert_error(await api.get("/v1/employees"), 401, "unauthenticated")
    assert "revoked" in error["message"]


async def test_expired_key_is_401(tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    api = await tenants.key(workspace, expires_in_days=1)
    assert (await api.get("/v1/employees")).status_code == 200
    async with transaction(tenants.engine) as conn:
        await conn.execute(
            update(api_keys)
            .where(api_keys.c.id == api.key_id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    error = assert_error(await api.get("/v1/employees"), 401, "unauthenticated")
    assert "expired" in error["message"]


async def test_keys_are_shaped_and_stored_hashed(tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    for environment in ("test", "live"):
        async with transaction(tenants.engine) as conn:
            record, secret = await keys.create_key(
                conn, Tenant(workspace, Environment(environment)), ["read:*"], actor=CLI
            )
            listed = await keys.list_keys(conn, workspace)
        assert secret.startswith(f"pk_{environment}_")
        random_part = secret.removeprefix(f"pk_{environment}_")
        assert len(random_part) >= 32 and random_part.isalnum()
        assert record["last4"] == secret[-4:]
        assert secret.startswith(record["prefix"])
        for row in listed:
            assert "secret_hash" not in row
            assert secret not in str(row)


async def test_personal_keys_read_but_cannot_change_employees(tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    admin = await tenants.key(workspace)
    me = await admin.create_employee(full_name="Me")
    personal = await tenants.key(workspace, employee_id=me["id"])
    assert (await personal.get(f"/v1/employees/{me['id']}")).status_code == 200
    assert (await personal.get("/v1/employees")).json()["total_count"] == 1
    for response in (
        await personal.post("/v1/employees", json={"full_name": "X", "start_date": "2024-01-01"}),
        await personal.patch(f"/v1/employees/{me['id']}", json={"role": "CEO"}),
        await personal.delete(f"/v1/employees/{me['id']}"),
    ):
        assert_error(response, 403, "permission_denied")


async def test_last_used_at_is_recorded(tenants: Tenants, api: Api) -> None:
    async with reading(tenants.engine) as conn:
        before = await keys.list_keys(conn, api.tenant.workspace_id)
    assert before[0]["last_used_at"] is None
    await api.get("/v1/employees")
    async with reading(tenants.engine) as conn:
        after = await keys.list_keys(conn, api.tenant.workspace_id)
    assert after[0]["last_used_at"] is not None
