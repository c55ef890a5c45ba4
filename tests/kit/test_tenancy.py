"""Tenant and environment isolation: foreign ids are 404, foreign rows never listed."""

from typing import Any

import pytest

from pulse.core.tenancy import Environment
from tests.support.api import Api, Tenants, assert_error
from tests.support.routes import RouteInfo, api_routes, with_foreign_id
from tests.support.world import build_world

ID_ROUTES = [route for route in api_routes() if route.has_id]
LIST_ROUTES = [route for route in api_routes() if route.lists_tenant_rows]


async def snapshot(api: Api) -> dict[str, Any]:
    """Everything the key can list, to show that nothing changed."""
    return {
        route.path: (await api.get(route.path, params={"limit": 200})).json()
        for route in LIST_ROUTES
    }


async def _owner(tenants: Tenants, workspace: str, foreign: str) -> Api:
    if foreign == "other_workspace":
        return await tenants.new()
    return await tenants.key(workspace, Environment.live)


@pytest.mark.parametrize("route", ID_ROUTES, ids=lambda r: f"{r.method} {r.path}")
@pytest.mark.parametrize("foreign", ["other_workspace", "other_environment"])
async def test_a_foreign_id_is_404(tenants: Tenants, route: RouteInfo, foreign: str) -> None:
    workspace = await tenants.workspace()
    me = await tenants.key(workspace, Environment.test)
    mine = await build_world(me, tenants)
    owner = await _owner(tenants, workspace, foreign)
    theirs = await build_world(owner, tenants)
    before = await snapshot(owner)

    path, body = with_foreign_id(route, mine, theirs)
    response = await me.request(route.method, path, **({"json": body} if body else {}))
    assert_error(response, 404, "not_found")
    assert await snapshot(owner) == before


@pytest.mark.parametrize("route", LIST_ROUTES, ids=lambda r: r.path)
async def test_lists_never_show_foreign_rows(tenants: Tenants, route: RouteInfo) -> None:
    workspace = await tenants.workspace()
    keys = [
        await tenants.key(workspace, Environment.test),
        await tenants.key(workspace, Environment.live),
        await tenants.new(),
    ]
    worlds = [await build_world(key, tenants) for key in keys]
    for key, world in zip(keys, worlds, strict=True):
        page = (await key.get(route.path)).json()
        own_ids = set(world.ids().values())
        listed = {item["id"] for item in page["data"]}
        assert listed and listed <= own_ids, (route.path, listed, own_ids)
        assert page["total_count"] == len(listed)


async def test_foreign_ids_are_not_valid_references(tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    me = await tenants.key(workspace, Environment.test)
    live = await tenants.key(workspace, Environment.live)
    live_employee = await live.create_employee()
    response = await me.post(
        "/v1/employees",
        json={"full_name": "A", "start_date": "2024-01-01", "manager_id": live_employee["id"]},
    )
    assert_error(response, 422, "unprocessable_entity", ["manager_id"])
    listed = await me.get("/v1/employees", params={"manager_id": live_employee["id"]})
    assert listed.json() == {"data": [], "next_cursor": None, "total_count": 0}
    posted = await me.post(
        "/v1/status-log", json={"employee_id": live_employee["id"], "lines": ["x"]}
    )
    assert_error(posted, 404, "not_found", ["employee_id"])
