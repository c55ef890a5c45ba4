"""A request holds one pooled connection at a time, so a full pool only makes it wait.

The PostgreSQL pool has a fixed size (no overflow): were a request to hold its unit
of work's connection while asking for another (for its key lookup, say), requests
filling the pool would wait on each other for ever. The idempotency claim runs in the
unit of work itself, and gives its connection back while it waits for a busy key.
"""

import asyncio

import httpx
from fastapi.routing import APIRoute

from pulse.app import API_ROUTERS, create_app
from pulse.kit.transactions import _request_connection
from tests.conftest import Api, Tenants, make_settings


def test_every_route_opens_its_unit_of_work_after_its_other_dependencies() -> None:
    checked = 0
    for route in (route for router in API_ROUTERS for route in router.routes):
        assert isinstance(route, APIRoute)
        calls = [dependency.call for dependency in route.dependant.dependencies]
        if _request_connection in calls:
            assert calls[-1] is _request_connection, route.path
            checked += 1
    assert checked >= 30


async def test_a_pool_of_one_connection_serves_concurrent_writes_and_reads(
    database_url: str, tenants: Tenants
) -> None:
    api = await tenants.new()
    app = create_app(make_settings(database_url, database_pool_size=1))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://pulse.test") as http:
            narrow = Api(http, api.tenant, api.secret, api.key_id)

            async def create(n: int) -> int:
                response = await narrow.post(
                    "/v1/employees",
                    json={"full_name": f"Person {n}", "start_date": "2024-01-01"},
                    headers={"Idempotency-Key": f"pool-{n}"},
                )
                return response.status_code

            async def read() -> int:
                return (await narrow.get("/v1/employees")).status_code

            statuses = await asyncio.wait_for(
                asyncio.gather(*[create(n) for n in range(8)], *[read() for _ in range(8)]),
                timeout=20,
            )
        assert statuses == [201] * 8 + [200] * 8
        listed = (await api.get("/v1/employees", params={"limit": 100})).json()
        assert listed["total_count"] == 8
    finally:
        await app.state.runtime.engine.dispose()
