"""The real server process answers over TCP with the conventions intact."""

import httpx

from tests.support.api import Tenants, assert_error
from tests.support.servers import Server


async def test_health_and_a_real_request(server: Server, tenants: Tenants) -> None:
    api = await tenants.new()
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        assert (await http.get("/healthz")).json() == {"status": "ok"}
        assert (await http.get("/readyz")).json() == {"status": "ok"}
        created = await http.post(
            "/v1/employees",
            headers=api.headers,
            json={"full_name": "Ada", "start_date": "2024-01-01"},
        )
        assert created.status_code == 201, created.text
        assert created.headers["x-ratelimit-limit"] == "1000"
        listed = await http.get("/v1/employees", headers=api.headers)
        assert [e["id"] for e in listed.json()["data"]] == [created.json()["id"]]
        assert_error(await http.get("/v1/employees"), 401, "unauthenticated")
