"""Employees: fields, validation, managers, emails, filters, offboarding, events."""

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from pulse.db.tables import events
from pulse.kit.clock import today
from tests.support.api import Api, Tenants, assert_error


async def event_rows(api: Api, tenants: Tenants) -> list[dict[str, Any]]:
    async with tenants.engine.connect() as conn:
        result = await conn.execute(
            select(events)
            .where(
                events.c.workspace_id == api.tenant.workspace_id,
                events.c.environment == api.tenant.environment.value,
            )
            .order_by(events.c.id)
        )
        return [dict(row) for row in result.mappings()]


async def test_create_answers_the_full_resource(api: Api) -> None:
    response = await api.post(
        "/v1/employees",
        json={
            "full_name": "  Ada Lovelace ",
            "email": "Ada@Example.com",
            "role": "Engineer",
            "department": "Engineering",
            "start_date": "2024-01-15",
            "location": "London",
            "country": "gb",
            "custom_fields": {"shirt_size": "M", "level": 3, "remote": True, "badge": None},
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"].startswith("emp_") and len(body["id"]) == 30
    assert body["full_name"] == "Ada Lovelace"
    assert body["email"] == "Ada@example.com"
    assert body["country"] == "GB"
    assert body["status"] == "active"
    assert body["version"] == 1
    assert body["end_date"] is None and body["manager_id"] is None
    assert body["custom_fields"] == {"shirt_size": "M", "level": 3, "remote": True, "badge": None}
    assert body["created_at"].endswith("Z") and len(body["created_at"]) == 20
    fetched = await api.get(f"/v1/employees/{body['id']}")
    assert fetched.json() == body


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["full_name", "start_date"]),
        ({"full_name": "   ", "start_date": "2024-01-01"}, ["full_name"]),
        ({"full_name": "A", "start_date": "2024-02-30"}, ["start_date"]),
        ({"full_name": "A", "start_date": 20240101}, ["start_date"]),
        ({"full_name": "A", "start_date": "2024-01-01", "email": "nope"}, ["email"]),
        ({"full_name": "A", "start_date": "2024-01-01", "country": "XX"}, ["country"]),
        ({"full_name": "A", "start_date": "2024-01-01", "country": "ITA"}, ["country"]),
        ({"full_name": "A", "start_date": "2024-01-01", "role": "x" * 201}, ["role"]),
        ({"full_name": 7, "start_date": "2024-01-01"}, ["full_name"]),
        ({"full_name": "A", "start_date": "2024-01-01", "nickname": "x"}, ["nickname"]),
        ({"full_name": "A", "start_date": "2024-01-01", "version": 1}, ["version"]),
        (["not", "an", "object"], ["body"]),
    ],
)
async def test_create_rejects_bad_shapes(api: Api, body: Any, fields: list[str]) -> None:
    assert_error(await api.post("/v1/employees", json=body), 400, "invalid_request", fields)


@pytest.mark.parametrize(
    ("custom_fields", "field"),
    [
        ({"Bad-Key": 1}, "custom_fields.Bad-Key"),
        ({"k" * 41: 1}, "custom_fields." + "k" * 41),
        ({"nested": {"a": 1}}, "custom_fields.nested"),
        ({"items": [1, 2]}, "custom_fields.items"),
        ({"long": "x" * 501}, "custom_fields.long"),
        ({f"k{i}": i for i in range(51)}, "custom_fields"),
    ],
)
async def test_custom_fields_limits(api: Api, custom_fields: dict[str, Any], field: str) -> None:
    response = await api.post(
        "/v1/employees",
        json={"full_name": "A", "start_date": "2024-01-01", "custom_fields": custom_fields},
    )
    error = assert_error(response, 400, "invalid_request")
    assert field in error["fields"], error


async def test_custom_fields_accept_fifty_keys(api: Api) -> None:
    fields = {f"k{i}": i for i in range(50)}
    employee = await api.create_employee(custom_fields=fields)
    assert employee["custom_fields"] == fields


async def test_end_date_before_start_date_is_422(api: Api) -> None:
    response = await api.post(
        "/v1/employees",
        json={"full_name": "A", "start_date": "2024-05-10", "end_date": "2024-05-09"},
    )
    error = assert_error(response, 422, "unprocessable_entity", ["end_date"])
    assert error["message"] == "end_date must be after start_date"


async def test_manager_must_exist_in_the_tenant(api: Api, tenants: Tenants) -> None:
    other = await tenants.new()
    foreign_manager = await other.create_employee()
    for manager_id in ("emp_missing", foreign_manager["id"]):
        response = await api.post(
            "/v1/employees",
            json={"full_name": "A", "start_date": "2024-01-01", "manager_id": manager_id},
        )
        assert_error(response, 422, "unprocessable_entity", ["manager_id"])


async def test_manager_cycles_are_refused(api: Api) -> None:
    ceo = await api.create_employee(full_name="CEO")
    vp = await api.create_employee(full_name="VP", manager_id=ceo["id"])
    lead = await api.create_employee(full_name="Lead", manager_id=vp["id"])

    own = await api.patch(f"/v1/employees/{ceo['id']}", json={"manager_id": ceo["id"]})
    assert_error(own, 422, "unprocessable_entity", ["manager_id"])
    loop = await api.patch(f"/v1/employees/{ceo['id']}", json={"manager_id": lead["id"]})
    assert_error(loop, 422, "unprocessable_entity", ["manager_id"])

    unchanged = await api.get(f"/v1/employees/{ceo['id']}")
    assert unchanged.json()["manager_id"] is None
    assert unchanged.json()["version"] == 1
    moved = await api.patch(f"/v1/employees/{lead['id']}", json={"manager_id": ceo["id"]})
    assert moved.status_code == 200
    assert moved.json()["manager_id"] == ceo["id"]


async def test_email_is_unique_per_tenant_in_any_case(api: Api, tenants: Tenants) -> None:
    first = await api.create_employee(email="grace@example.com")
    clash = await api.post(
        "/v1/employees",
        json={"full_name": "B", "start_date": "2024-01-01", "email": "GRACE@example.com"},
    )
    assert_error(clash, 409, "conflict", ["email"])
    second = await api.create_employee(email="other@example.com")
    patch = await api.patch(f"/v1/employees/{second['id']}", json={"email": "Grace@example.com"})
    assert_error(patch, 409, "conflict", ["email"])
    # Re-sending one's own email is no clash; another tenant may use it too.
    same = await api.patch(f"/v1/employees/{first['id']}", json={"email": "grace@example.com"})
    assert same.status_code == 200
    elsewhere = await tenants.new()
    await elsewhere.create_employee(email="grace@example.com")
    # Several employees may have no email.
    await api.create_employee()
    await api.create_employee()


async def test_patch_changes_only_what_is_sent(api: Api) -> None:
    employee = await api.create_employee(role="Engineer", department="Eng", location="Rome")
    response = await api.patch(
        f"/v1/employees/{employee['id']}",
        json={"role": "Staff Engineer", "location": None, "custom_fields": {"a": 1}},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["role"] == "Staff Engineer"
    assert body["location"] is None
    assert body["department"] == "Eng"
    assert body["custom_fields"] == {"a": 1}
    assert body["version"] == 2
    assert body["created_at"] == employee["created_at"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"full_name": None}, ["full_name"]),
        ({"start_date": None}, ["start_date"]),
        ({"custom_fields": None}, ["custom_fields"]),
        ({"version": 0}, ["version"]),
        ({"status": "former"}, ["status"]),
        ({"id": "emp_x"}, ["id"]),
    ],
)
async def test_patch_rejects_bad_shapes(api: Api, body: dict[str, Any], fields: list[str]) -> None:
    employee = await api.create_employee()
    response = await api.patch(f"/v1/employees/{employee['id']}", json=body)
    assert_error(response, 400, "invalid_request", fields)


async def test_patch_without_changes_keeps_the_version(api: Api, tenants: Tenants) -> None:
    employee = await api.create_employee(role="Engineer")
    response = await api.patch(f"/v1/employees/{employee['id']}", json={"role": "Engineer"})
    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert [e["type"] for e in await event_rows(api, tenants)] == ["employee.created"]


async def test_patch_end_date_must_follow_start_date(api: Api) -> None:
    employee = await api.create_employee(start_date="2024-03-01")
    response = await api.patch(f"/v1/employees/{employee['id']}", json={"end_date": "2024-02-01"})
    assert_error(response, 422, "unprocessable_entity", ["end_date"])


async def test_delete_offboards_and_keeps_the_record(api: Api, tenants: Tenants) -> None:
    employee = await api.create_employee()
    response = await api.delete(f"/v1/employees/{employee['id']}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "former"
    assert body["end_date"] == today().isoformat()
    assert body["version"] == 2
    again = await api.delete(f"/v1/employees/{employee['id']}")
    assert again.status_code == 200
    assert again.json() == body
    kept = await api.get(f"/v1/employees/{employee['id']}")
    assert kept.json()["status"] == "former"
    types = [e["type"] for e in await event_rows(api, tenants)]
    assert types == ["employee.created", "employee.offboarded"]


async def test_delete_keeps_an_end_date_already_past(api: Api) -> None:
    employee = await api.create_employee(start_date="2020-01-01", end_date="2021-06-30")
    assert employee["status"] == "former"
    response = await api.delete(f"/v1/employees/{employee['id']}")
    assert response.json()["end_date"] == "2021-06-30"
    assert response.json()["version"] == 1


async def test_delete_brings_a_future_end_date_forward(api: Api) -> None:
    later = (today() + timedelta(days=30)).isoformat()
    employee = await api.create_employee(end_date=later)
    assert employee["status"] == "active"
    response = await api.delete(f"/v1/employees/{employee['id']}")
    assert response.json()["end_date"] == today().isoformat()
    assert response.json()["status"] == "former"


async def test_delete_before_the_start_date_is_422(api: Api) -> None:
    employee = await api.create_employee(start_date=(today() + timedelta(days=10)).isoformat())
    response = await api.delete(f"/v1/employees/{employee['id']}")
    assert_error(response, 422, "unprocessable_entity", ["start_date"])


async def test_patch_end_date_today_offboards(api: Api, tenants: Tenants) -> None:
    employee = await api.create_employee()
    response = await api.patch(
        f"/v1/employees/{employee['id']}", json={"end_date": today().isoformat()}
    )
    assert response.json()["status"] == "former"
    tomorrow = (today() + timedelta(days=1)).isoformat()
    other = await api.create_employee()
    planned = await api.patch(f"/v1/employees/{other['id']}", json={"end_date": tomorrow})
    assert planned.json()["status"] == "active"
    types = [e["type"] for e in await event_rows(api, tenants)]
    assert types == [
        "employee.created",
        "employee.offboarded",
        "employee.created",
        "employee.updated",
    ]


async def test_every_change_writes_its_event_with_the_full_resource(
    api: Api, tenants: Tenants
) -> None:
    created = await api.create_employee()
    updated = (await api.patch(f"/v1/employees/{created['id']}", json={"role": "CTO"})).json()
    offboarded = (await api.delete(f"/v1/employees/{created['id']}")).json()
    rows = await event_rows(api, tenants)
    assert [(row["type"], row["data"]) for row in rows] == [
        ("employee.created", created),
        ("employee.updated", {**updated, "previous_attributes": {"role": None}}),
        ("employee.offboarded", {**offboarded, "previous_attributes": {"end_date": None}}),
    ]
    assert all(row["id"].startswith("evt_") for row in rows)


async def test_failed_writes_leave_nothing_behind(api: Api, tenants: Tenants) -> None:
    employee = await api.create_employee(email="taken@example.com")
    await api.post(
        "/v1/employees",
        json={"full_name": "B", "start_date": "2024-01-01", "email": "taken@example.com"},
    )
    await api.patch(f"/v1/employees/{employee['id']}", json={"end_date": "2000-01-01"})
    listed = await api.get("/v1/employees")
    assert listed.json()["total_count"] == 1
    assert len(await event_rows(api, tenants)) == 1


async def test_unknown_employee_is_404(api: Api) -> None:
    for method in ("GET", "PATCH", "DELETE"):
        kwargs = {"json": {"role": "x"}} if method == "PATCH" else {}
        response = await api.request(
            method, "/v1/employees/emp_01HR3V6Q9X1M2N3P4Q5R6S7T8X", **kwargs
        )
        assert_error(response, 404, "not_found")


async def test_list_filters(api: Api) -> None:
    boss = await api.create_employee(full_name="Boss Person", department="Eng", location="Rome")
    ada = await api.create_employee(
        full_name="Ada Lovelace",
        email="ada@example.com",
        department="Eng",
        location="London",
        manager_id=boss["id"],
    )
    grace = await api.create_employee(
        full_name="Grace Hopper",
        email="grace@navy.example.com",
        department="Ops",
        manager_id=boss["id"],
    )
    former = await api.create_employee(
        full_name="Old Timer", department="Eng", start_date="2010-01-01", end_date="2015-01-01"
    )

    async def ids(**params: str) -> list[str]:
        response = await api.get("/v1/employees", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["total_count"] == len(body["data"])
        return [employee["id"] for employee in body["data"]]

    assert await ids() == [boss["id"], ada["id"], grace["id"], former["id"]]
    assert await ids(status="active") == [boss["id"], ada["id"], grace["id"]]
    assert await ids(status="former") == [former["id"]]
    assert await ids(department="Eng") == [boss["id"], ada["id"], former["id"]]
    assert await ids(department="eng") == []
    assert await ids(manager_id=boss["id"]) == [ada["id"], grace["id"]]
    assert await ids(location="London") == [ada["id"]]
    assert await ids(q="HOPPER") == [grace["id"]]
    assert await ids(q="navy") == [grace["id"]]
    assert await ids(q="o", department="Eng", status="active") == [boss["id"], ada["id"]]
    assert await ids(q="%") == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "retired"}, "status"),
        ({"limit": "0"}, "limit"),
        ({"limit": "201"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"departmnet": "Eng"}, "departmnet"),
        ({"q": ""}, "q"),
    ],
)
async def test_list_rejects_bad_parameters(api: Api, params: dict[str, str], field: str) -> None:
    response = await api.get("/v1/employees", params=params)
    assert_error(response, 400, "invalid_request", [field])


async def test_concurrent_creates_with_one_email_make_one_employee(api: Api) -> None:
    body = {"full_name": "Twin", "start_date": "2024-01-01", "email": "twin@example.com"}
    responses = await asyncio.gather(*(api.post("/v1/employees", json=body) for _ in range(10)))
    assert sorted(r.status_code for r in responses) == [201] + [409] * 9
    for response in responses:
        if response.status_code == 409:
            assert_error(response, 409, "conflict", ["email"])
    assert (await api.get("/v1/employees")).json()["total_count"] == 1
