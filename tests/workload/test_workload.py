"""Workload check-ins: one per employee per week (named by its Monday), while employed."""

import asyncio
from datetime import date, timedelta
from typing import Any

import pytest

from pulse.kit.clock import today
from tests.support.api import Api, Tenants, assert_error
from tests.support.journals import event_types

PATH = "/v1/workload-checkins"
MONDAY = date(2025, 3, 3)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


async def test_record_defaults_to_this_week_and_writes_its_event(
    api: Api, tenants: Tenants
) -> None:
    employee = await api.create_employee()
    response = await api.post(PATH, json={"employee_id": employee["id"], "level": "heavy"})
    assert response.status_code == 201, response.text
    checkin = response.json()
    assert checkin["id"].startswith("wl_")
    assert checkin["employee_id"] == employee["id"]
    assert checkin["week_start"] == monday_of(today()).isoformat()
    assert checkin["level"] == "heavy"
    assert set(checkin) == {"id", "employee_id", "week_start", "level", "created_at"}
    assert checkin["created_at"].endswith("Z")
    assert (await api.get(f"{PATH}/{checkin['id']}")).json() == checkin
    assert await event_types(api, tenants) == [
        ("employee.created", employee),
        ("workload.recorded", checkin),
    ]


@pytest.mark.parametrize("level", ["light", "balanced", "heavy", "overloaded"])
async def test_every_level_is_accepted(api: Api, level: str) -> None:
    employee = await api.create_employee()
    body = {"employee_id": employee["id"], "level": level, "week_start": MONDAY.isoformat()}
    response = await api.post(PATH, json=body)
    assert response.status_code == 201, response.text
    assert response.json()["level"] == level


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["level"]),
        ({"level": "swamped"}, ["level"]),
        ({"level": "Heavy"}, ["level"]),
        ({"level": 3}, ["level"]),
        ({"level": "heavy", "week_start": "next week"}, ["week_start"]),
        ({"level": "heavy", "week_start": "2025-03-04"}, ["week_start"]),
        ({"level": "heavy", "week_start": "2025-03-09"}, ["week_start"]),
        ({"level": "heavy", "employee_id": ""}, ["employee_id"]),
        ({"level": "heavy", "mood": "grumpy"}, ["mood"]),
    ],
)
async def test_bad_shapes_are_400(api: Api, body: dict[str, Any], fields: list[str]) -> None:
    employee = await api.create_employee()
    response = await api.post(PATH, json={"employee_id": employee["id"], **body})
    assert_error(response, 400, "invalid_request", fields)


async def test_a_week_start_that_is_not_a_monday_says_so(api: Api) -> None:
    employee = await api.create_employee()
    body = {"employee_id": employee["id"], "level": "light", "week_start": "2025-03-05"}
    error = assert_error(await api.post(PATH, json=body), 400, "invalid_request", ["week_start"])
    assert "Wednesday" in error["message"] and "Monday" in error["message"]


async def test_one_checkin_per_employee_per_week(api: Api) -> None:
    employee = await api.create_employee()
    body = {"employee_id": employee["id"], "level": "balanced", "week_start": "2025-03-03"}
    assert (await api.post(PATH, json=body)).status_code == 201
    again = await api.post(PATH, json={**body, "level": "overloaded"})
    assert_error(again, 409, "conflict", ["week_start"])
    next_week = await api.post(PATH, json={**body, "week_start": "2025-03-10"})
    assert next_week.status_code == 201
    colleague = await api.create_employee()
    same_week = await api.post(PATH, json={**body, "employee_id": colleague["id"]})
    assert same_week.status_code == 201


async def test_the_employee_must_be_employed_some_day_of_the_week(api: Api) -> None:
    # Joins on the last day of one week and leaves on the first day of another: both
    # weeks count, the weeks just outside do not.
    employee = await api.create_employee(start_date="2024-02-11", end_date="2024-06-24")
    for week in ("2024-01-29", "2024-07-01"):
        body = {"employee_id": employee["id"], "level": "light", "week_start": week}
        assert_error(await api.post(PATH, json=body), 422, "unprocessable_entity", ["week_start"])
    for week in ("2024-02-05", "2024-06-24"):
        body = {"employee_id": employee["id"], "level": "light", "week_start": week}
        response = await api.post(PATH, json=body)
        assert response.status_code == 201, response.text


async def test_a_former_employee_cannot_check_in_this_week(api: Api) -> None:
    employee = await api.create_employee(
        start_date="2020-01-06", end_date=(monday_of(today()) - timedelta(days=1)).isoformat()
    )
    response = await api.post(PATH, json={"employee_id": employee["id"], "level": "light"})
    assert_error(response, 422, "unprocessable_entity", ["week_start"])


async def test_an_unknown_employee_is_404(api: Api) -> None:
    response = await api.post(PATH, json={"employee_id": "emp_nope", "level": "light"})
    assert_error(response, 404, "not_found", ["employee_id"])


async def test_an_unknown_checkin_is_404(api: Api) -> None:
    assert_error(await api.get(f"{PATH}/wl_nope"), 404, "not_found")


async def test_personal_keys_check_in_for_their_own_employee(tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    admin = await tenants.key(workspace)
    me = await admin.create_employee(full_name="Me")
    colleague = await admin.create_employee(full_name="Colleague")
    personal = await tenants.key(workspace, employee_id=me["id"])

    mine = await personal.post(PATH, json={"level": "heavy"})
    assert mine.status_code == 201, mine.text
    assert mine.json()["employee_id"] == me["id"]
    named = await personal.post(
        PATH, json={"employee_id": me["id"], "level": "light", "week_start": "2025-03-03"}
    )
    assert named.status_code == 201, named.text
    for_someone_else = await personal.post(
        PATH, json={"employee_id": colleague["id"], "level": "light"}
    )
    assert_error(for_someone_else, 403, "permission_denied", ["employee_id"])
    assert (await admin.get(PATH, params={"employee_id": colleague["id"]})).json()[
        "total_count"
    ] == 0


async def test_an_integration_key_must_name_the_employee(api: Api) -> None:
    await api.create_employee()
    assert_error(
        await api.post(PATH, json={"level": "light"}), 400, "invalid_request", ["employee_id"]
    )


async def test_concurrent_checkins_for_one_week_make_one(api: Api, tenants: Tenants) -> None:
    employee = await api.create_employee()
    body = {"employee_id": employee["id"], "level": "heavy", "week_start": "2025-05-05"}
    responses = await asyncio.gather(*(api.post(PATH, json=body) for _ in range(8)))
    assert sorted(r.status_code for r in responses) == [201] + [409] * 7
    for response in responses:
        if response.status_code == 409:
            assert_error(response, 409, "conflict", ["week_start"])
    recorded = [kind for kind, _ in await event_types(api, tenants) if kind == "workload.recorded"]
    assert len(recorded) == 1


async def test_filters(api: Api) -> None:
    ada = await api.create_employee(full_name="Ada")
    bob = await api.create_employee(full_name="Bob")
    made = {}
    for who, week, level in (
        (ada, "2025-01-06", "light"),
        (ada, "2025-01-13", "heavy"),
        (bob, "2025-01-13", "heavy"),
        (bob, "2025-01-27", "overloaded"),
    ):
        body = {"employee_id": who["id"], "level": level, "week_start": week}
        response = await api.post(PATH, json=body)
        assert response.status_code == 201, response.text
        made[(who["full_name"], week)] = response.json()["id"]

    async def ids(**params: str) -> list[str]:
        response = await api.get(PATH, params=params)
        assert response.status_code == 200, response.text
        assert response.json()["total_count"] == len(response.json()["data"])
        return [checkin["id"] for checkin in response.json()["data"]]

    assert await ids() == list(made.values())
    assert await ids(employee_id=ada["id"]) == [
        made["Ada", "2025-01-06"],
        made["Ada", "2025-01-13"],
    ]
    assert await ids(level="heavy") == [made["Ada", "2025-01-13"], made["Bob", "2025-01-13"]]
    assert await ids(week_from="2025-01-13", week_to="2025-01-13") == [
        made["Ada", "2025-01-13"],
        made["Bob", "2025-01-13"],
    ]
    # Bounds are days, not only Mondays: a week is in when its Monday is.
    assert await ids(week_from="2025-01-14") == [made["Bob", "2025-01-27"]]
    assert await ids(week_to="2025-01-12") == [made["Ada", "2025-01-06"]]
    assert await ids(employee_id=bob["id"], level="light") == []


async def test_pages_count_every_match(api: Api) -> None:
    employee = await api.create_employee()
    for week in ("2025-02-03", "2025-02-10", "2025-02-17"):
        body = {"employee_id": employee["id"], "level": "balanced", "week_start": week}
        assert (await api.post(PATH, json=body)).status_code == 201
    first = (await api.get(PATH, params={"limit": 2, "level": "balanced"})).json()
    assert len(first["data"]) == 2 and first["total_count"] == 3
    second = (
        await api.get(
            PATH, params={"limit": 2, "level": "balanced", "cursor": first["next_cursor"]}
        )
    ).json()
    assert [c["week_start"] for c in second["data"]] == ["2025-02-17"]
    assert second["next_cursor"] is None and second["total_count"] == 3


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"level": "swamped"}, ["level"]),
        ({"week_from": "monday"}, ["week_from"]),
        ({"week": "2025-01-06"}, ["week"]),
    ],
)
async def test_bad_filters_are_400(api: Api, params: dict[str, str], fields: list[str]) -> None:
    assert_error(await api.get(PATH, params=params), 400, "invalid_request", fields)
