"""Tenant and environment isolation: foreign ids are 404, foreign rows never listed."""

import httpx
import pytest

from pulse.kit.tenancy import Environment
from tests.conftest import Api, Tenants, assert_error
from tests.routes import RouteInfo, api_routes

SAMPLE_BODIES = {
    ("PATCH", "/v1/employees/{employee_id}"): {"role": "CTO"},
}
ID_ROUTES = [route for route in api_routes() if route.has_id]


def test_every_id_route_has_a_sample_body_when_it_needs_one() -> None:
    assert ID_ROUTES, "no routes with ids found"
    for route in ID_ROUTES:
        if route.method in ("PATCH", "PUT"):
            assert (route.method, route.path) in SAMPLE_BODIES, route


async def _call(api: Api, route: RouteInfo, resource_id: str) -> httpx.Response:
    body = SAMPLE_BODIES.get((route.method, route.path))
    kwargs = {"json": body} if body is not None else {}
    return await api.request(route.method, route.url(resource_id), **kwargs)


@pytest.mark.parametrize("route", ID_ROUTES, ids=lambda r: f"{r.method} {r.path}")
@pytest.mark.parametrize("foreign", ["other_workspace", "other_environment"])
async def test_a_foreign_id_is_404(tenants: Tenants, route: RouteInfo, foreign: str) -> None:
    workspace = await tenants.workspace()
    me = await tenants.key(workspace, Environment.test)
    if foreign == "other_workspace":
        owner = await tenants.new()
    else:
        owner = await tenants.key(workspace, Environment.live)
    foreign_id = await tenants.employee(owner.tenant)

    assert_error(await _call(me, route, foreign_id), 404, "not_found")
    # The owner still sees it unchanged: nothing leaked, nothing changed.
    seen = await owner.get(f"/v1/employees/{foreign_id}")
    assert seen.status_code == 200
    assert seen.json()["version"] == 1


async def test_lists_never_show_foreign_rows(tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    test_key = await tenants.key(workspace, Environment.test)
    live_key = await tenants.key(workspace, Environment.live)
    stranger = await tenants.new()
    mine = await test_key.create_employee(department="Eng")
    live = await live_key.create_employee(department="Eng")
    theirs = await stranger.create_employee(department="Eng")

    for api, expected in ((test_key, mine), (live_key, live), (stranger, theirs)):
        page = (await api.get("/v1/employees", params={"department": "Eng"})).json()
        assert [e["id"] for e in page["data"]] == [expected["id"]]
        assert page["total_count"] == 1


async def test_foreign_ids_are_not_valid_references(tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    me = await tenants.key(workspace, Environment.test)
    live = await tenants.key(workspace, Environment.live)
    live_manager = await live.create_employee()
    response = await me.post(
        "/v1/employees",
        json={"full_name": "A", "start_date": "2024-01-01", "manager_id": live_manager["id"]},
    )
    assert_error(response, 422, "unprocessable_entity", ["manager_id"])
    listed = await me.get("/v1/employees", params={"manager_id": live_manager["id"]})
    assert listed.json() == {"data": [], "next_cursor": None, "total_count": 0}
