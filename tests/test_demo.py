"""`pulse demo` fills a workspace a new user can explore at once."""

import httpx
from fastapi import FastAPI

from pulse import demo
from tests.support.api import Tenants
from tests.support.console import browser, welcome

JOURNALS = ["/v1/status-log", "/v1/kudos", "/v1/workload-checkins", "/v1/leave"]


async def test_the_demo_has_people_and_weeks_of_every_journal(
    tenants: Tenants, client: httpx.AsyncClient, app: FastAPI
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
    # Leave waits for approval there, and one request does.
    waiting = await client.get("/v1/leave", params={"status": "requested"}, headers=headers)
    [request] = waiting.json()["data"]
    lukas = (await client.get(f"/v1/employees/{request['employee_id']}", headers=headers)).json()
    assert lukas["full_name"] == "Lukas Becker"
    assert lukas["manager_id"] is not None

    again = await demo.seed(tenants.engine)
    assert again.workspace_id == result.workspace_id
    assert again.secret != result.secret
    repeat = await client.get("/v1/employees", headers={"Authorization": f"Bearer {again.secret}"})
    assert repeat.json()["total_count"] == len(demo.PEOPLE)

    # Each run gives the owner a new console link; the one before it dies.
    assert again.owner_link.token != result.owner_link.token
    async with browser(app) as http:
        stale = await http.get(f"/developers/welcome/{result.owner_link.token}")
        assert stale.status_code == 404
        assert (await welcome(http, again.owner_link.token)).status_code == 303
        home = await http.get("/developers")
        assert demo.DEMO_OWNER in home.text
        assert "owner" in home.text
        assert again.workspace_id in home.text


async def test_every_demo_employee_has_a_score(tenants: Tenants, client: httpx.AsyncClient) -> None:
    result = await demo.seed(tenants.engine)
    headers = {"Authorization": f"Bearer {result.secret}"}
    people = (await client.get("/v1/employees", headers=headers)).json()["data"]
    for person in people:
        answer = (await client.get(f"/v1/employees/{person['id']}/score", headers=headers)).json()
        assert answer["score"] is not None, answer
        assert all(factor["score"] is not None for factor in answer["factors"]), answer
    groups = await client.get("/v1/scores", params={"group_by": "department"}, headers=headers)
    engineering = next(g for g in groups.json()["data"] if g["key"] == "Engineering")
    assert engineering["score"] is not None and not engineering["suppressed"]
