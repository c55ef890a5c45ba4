"""`pulse demo` fills a workspace a new user can explore at once."""

import httpx

from pulse import demo
from tests.support.api import Tenants

JOURNALS = ["/v1/status-log", "/v1/kudos", "/v1/workload-checkins", "/v1/leave"]


async def test_the_demo_has_people_and_weeks_of_every_journal(
    tenants: Tenants, client: httpx.AsyncClient
) -> None:
    result = await demo.seed(tenants.engine)
    headers = {"Authorization": f"Bearer {result.secret}"}
    employees = (await client.get("/v1/employees", headers=headers)).json()
    assert employees["total_count"] == result.employee_count == len(demo.PEOPLE)
    for path in JOURNALS:
        page = (await client.get(path, headers=headers)).json()
        assert page["total_count"] > 0, path
    stand_ups = (await client.get("/v1/status-log", params={"limit": 200}, headers=headers)).json()
    days = {entry["date"] for entry in stand_ups["data"]}
    assert len(days) >= 10  # weeks of history, not one day

    again = await demo.seed(tenants.engine)
    assert again.workspace_id == result.workspace_id
    assert again.secret != result.secret
    repeat = await client.get("/v1/employees", headers={"Authorization": f"Bearer {again.secret}"})
    assert repeat.json()["total_count"] == len(demo.PEOPLE)
