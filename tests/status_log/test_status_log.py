"""Status log: three lines per person per day, while employed."""

from datetime import timedelta
from typing import Any

import pytest

from pulse.kit.clock import today
from tests.support.api import Api, Tenants, assert_error
from tests.support.journals import event_types

LINES = ["Shipped the OG localiser.", "Fixing a CLS regression.", "Pairing on the trend curve."]


async def test_post_defaults_to_today_and_writes_its_event(api: Api, tenants: Tenants) -> None:
    employee = await api.create_employee()
    response = await api.post(
        "/v1/status-log",
        json={"employee_id": employee["id"], "lines": [f"  {LINES[0]} "], "topic": "launch"},
    )
    assert response.status_code == 201, response.text
    entry = response.json()
    assert entry["id"].startswith("sl_")
    assert entry["date"] == today().isoformat()
    assert entry["lines"] == [LINES[0]]
    assert entry["topic"] == "launch"
    assert set(entry) == {"id", "employee_id", "date", "lines", "topic", "created_at"}
    assert (await api.get(f"/v1/status-log/{entry['id']}")).json() == entry
    assert await event_types(api, tenants) == [
        ("employee.created", employee),
        ("status_log.posted", entry),
    ]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"lines": []}, ["lines"]),
        ({"lines": [*LINES, "four"]}, ["lines"]),
        ({"lines": ["ok", "   "]}, ["lines.1"]),
        ({"lines": ["x" * 281]}, ["lines.0"]),
        ({"lines": "one line"}, ["lines"]),
        ({"lines": ["ok"], "topic": "t" * 81}, ["topic"]),
        ({"lines": ["ok"], "date": "yesterday"}, ["date"]),
        ({}, ["lines"]),
    ],
)
async def test_bad_shapes_are_400(api: Api, body: dict[str, Any], fields: list[str]) -> None:
    employee = await api.create_employee()
    response = await api.post("/v1/status-log", json={"employee_id": employee["id"], **body})
    assert_error(response, 400, "invalid_request", fields)


async def test_lines_may_be_280_characters(api: Api) -> None:
    employee = await api.create_employee()
    response = await api.post(
        "/v1/status-log", json={"employee_id": employee["id"], "lines": ["x" * 280] * 3}
    )
    assert response.status_code == 201


async def test_one_entry_per_employee_per_day(api: Api) -> None:
    employee = await api.create_employee()
    body = {"employee_id": employee["id"], "lines": LINES, "date": "2025-03-03"}
    assert (await api.post("/v1/status-log", json=body)).status_code == 201
    assert_error(await api.post("/v1/status-log", json=body), 409, "conflict", ["date"])
    other_day = await api.post("/v1/status-log", json={**body, "date": "2025-03-04"})
    assert other_day.status_code == 201
    colleague = await api.create_employee()
    same_day = await api.post("/v1/status-log", json={**body, "employee_id": colleague["id"]})
    assert same_day.status_code == 201


async def test_the_employee_must_be_employed_that_day(api: Api) -> None:
    employee = await api.create_employee(start_date="2024-02-01", end_date="2024-06-30")
    for day in ("2024-01-31", "2024-07-01", (today() + timedelta(days=1)).isoformat()):
        response = await api.post(
            "/v1/status-log", json={"employee_id": employee["id"], "lines": LINES, "date": day}
        )
        assert_error(response, 422, "unprocessable_entity", ["date"])
    for day in ("2024-02-01", "2024-06-30"):
        response = await api.post(
            "/v1/status-log", json={"employee_id": employee["id"], "lines": LINES, "date": day}
        )
        assert response.status_code == 201


async def test_an_unknown_employee_is_404(api: Api) -> None:
    response = await api.post("/v1/status-log", json={"employee_id": "emp_nope", "lines": LINES})
    assert_error(response, 404, "not_found", ["employee_id"])


async def test_concurrent_posts_for_one_day_make_one_entry(api: Api) -> None:
    import asyncio

    employee = await api.create_employee()
    body = {"employee_id": employee["id"], "lines": LINES, "date": "2025-05-05"}
    responses = await asyncio.gather(*(api.post("/v1/status-log", json=body) for _ in range(8)))
    assert sorted(r.status_code for r in responses) == [201] + [409] * 7


async def test_filters(api: Api) -> None:
    ada = await api.create_employee(full_name="Ada")
    bob = await api.create_employee(full_name="Bob")
    made = {}
    for who, day, topic in (
        (ada, "2025-01-06", "infra"),
        (ada, "2025-01-07", None),
        (bob, "2025-01-07", "infra"),
        (bob, "2025-01-09", "design"),
    ):
        body = {"employee_id": who["id"], "lines": ["x"], "date": day, "topic": topic}
        made[(who["full_name"], day)] = (await api.post("/v1/status-log", json=body)).json()["id"]

    async def ids(**params: str) -> list[str]:
        response = await api.get("/v1/status-log", params=params)
        assert response.status_code == 200, response.text
        assert response.json()["total_count"] == len(response.json()["data"])
        return [entry["id"] for entry in response.json()["data"]]

    assert len(await ids()) == 4
    assert await ids(employee_id=ada["id"]) == [
        made["Ada", "2025-01-06"],
        made["Ada", "2025-01-07"],
    ]
    assert await ids(date_from="2025-01-07", date_to="2025-01-07") == [
        made["Ada", "2025-01-07"],
        made["Bob", "2025-01-07"],
    ]
    assert await ids(topic="infra") == [made["Ada", "2025-01-06"], made["Bob", "2025-01-07"]]
    assert await ids(date_from="2025-01-08") == [made["Bob", "2025-01-09"]]
