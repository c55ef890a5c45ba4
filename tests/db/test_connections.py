"""A request holds one pooled connection at a time, so a full pool only makes it wait.

The PostgreSQL pool has a fixed size (no overflow): were a request to hold its
session's connection while asking for another (for its key lookup, say), requests
filling the pool would wait on each other for ever. A session takes its connection at
its first statement, after authentication is done with its own; the idempotency claim
runs in the session itself, and gives its connection back while it waits for a busy key.
"""

import asyncio

import httpx

from pulse.app import create_app
from tests.support.api import Api, Tenants
from tests.support.environment import make_settings


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
