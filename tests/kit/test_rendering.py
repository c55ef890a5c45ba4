"""A resource reads as its write answered it: the same fields, in the same order.

(Only the keys inside `custom_fields` may come back in another order: PostgreSQL's
jsonb keeps its own.)
"""

from typing import Any

from pulse.kit.rendering import render
from tests.support.api import Api
from tests.support.world import webhook_url


async def created(api: Api, path: str, body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    response = await api.post(path, json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"], response.json()


def assert_same(read: dict[str, Any], written: dict[str, Any], path: str) -> None:
    assert read == written, path
    assert list(read) == list(written), path


async def test_reads_answer_what_the_write_answered(api: Api) -> None:
    employee_id, employee = await created(
        api,
        "/v1/employees",
        {
            "full_name": "Ada Lovelace",
            "email": "ada@example.com",
            "start_date": "2020-01-01",
            "country": "GB",
            "custom_fields": {"shirt": "M", "desk": 2.5, "floor": 3, "remote": True, "note": None},
        },
    )
    colleague_id, _ = await created(
        api, "/v1/employees", {"full_name": "Grace Hopper", "start_date": "2021-06-01"}
    )
    written = {
        "/v1/employees": (employee_id, employee),
        "/v1/status-log": await created(
            api,
            "/v1/status-log",
            {"employee_id": employee_id, "lines": ["Planning.", "Écrit."], "date": "2024-03-01"},
        ),
        "/v1/workload-checkins": await created(
            api,
            "/v1/workload-checkins",
            {"employee_id": employee_id, "level": "heavy", "week_start": "2024-03-04"},
        ),
        "/v1/kudos": await created(
            api,
            "/v1/kudos",
            {
                "from_employee_id": employee_id,
                "to_employee_id": colleague_id,
                "coins": 5,
                "tag": "teamwork",
                "note": "Thanks!",
            },
        ),
        # A day and a half: `days` is a fraction.
        "/v1/leave": await created(
            api,
            "/v1/leave",
            {
                "employee_id": employee_id,
                "kind": "vacation",
                "start_date": "2024-04-01",
                "end_date": "2024-04-02",
                "days": 1.5,
            },
        ),
    }
    for path, (item_id, answer) in written.items():
        retrieved = await api.get(f"{path}/{item_id}")
        assert retrieved.status_code == 200, retrieved.text
        assert retrieved.headers["content-type"] == "application/json"
        assert_same(retrieved.json(), answer, path)
        listed = await api.get(path, params={"limit": 100})
        assert listed.status_code == 200, listed.text
        [item] = [item for item in listed.json()["data"] if item["id"] == item_id]
        assert_same(item, answer, path)


async def test_a_webhook_endpoint_reads_as_written_without_its_secret(api: Api) -> None:
    response = await api.post(
        "/v1/webhook-endpoints",
        json={"url": webhook_url(api.tenant), "events": ["kudos.awarded"], "description": "HR"},
    )
    assert response.status_code == 201, response.text
    written = response.json()
    del written["secret"]
    retrieved = await api.get(f"/v1/webhook-endpoints/{written['id']}")
    assert retrieved.json() == written
    assert "secret" not in retrieved.text
    listed = (await api.get("/v1/webhook-endpoints")).json()["data"]
    assert [item for item in listed if item["id"] == written["id"]] == [written]


async def test_events_list_and_retrieve_alike(api: Api) -> None:
    await api.create_employee()
    listed = (await api.get("/v1/events")).json()["data"]
    assert listed
    for event in listed:
        retrieved = await api.get(f"/v1/events/{event['id']}")
        assert retrieved.content == render(event)
