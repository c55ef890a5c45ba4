"""History: previous_attributes on events, the history list, scheduled changes (applied
once by racing workers, cancelled, failed), and updated_since."""

import asyncio
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from pulse.db.tables import employee_changes, events
from pulse.employees.history import apply_due_changes
from pulse.kit.clock import today
from tests.support.api import Api, Tenants, assert_error


async def last_event(api: Api) -> dict[str, Any]:
    page = (await api.get("/v1/events", params={"limit": 200})).json()
    event: dict[str, Any] = page["data"][-1]
    return event


async def history(api: Api, employee_id: str, **params: Any) -> dict[str, Any]:
    response = await api.get(f"/v1/employees/{employee_id}/history", params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


def in_days(days: int) -> str:
    return (today() + timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("before", "change", "previous"),
    [
        ({"role": "Engineer"}, {"role": "CTO"}, {"role": "Engineer"}),
        ({}, {"role": "CTO"}, {"role": None}),
        ({"role": "Engineer"}, {"role": None}, {"role": "Engineer"}),
        ({}, {"start_date": "2024-02-01"}, {"start_date": "2024-01-15"}),
        ({}, {"end_date": in_days(30)}, {"end_date": None}),
        (
            {"custom_fields": {"a": 1}},
            {"custom_fields": {"a": 2, "b": None}},
            {"custom_fields": {"a": 1}},
        ),
        ({}, {"email": "ada@example.com", "country": "gb"}, {"email": None, "country": None}),
    ],
)
async def test_updated_events_carry_each_changed_field_before(
    api: Api, before: dict[str, Any], change: dict[str, Any], previous: dict[str, Any]
) -> None:
    employee = await api.create_employee(**before)
    updated = await api.patch(f"/v1/employees/{employee['id']}", json=change)
    assert updated.status_code == 200, updated.text
    event = await last_event(api)
    assert event["type"] == "employee.updated"
    assert event["data"] == {**updated.json(), "previous_attributes": previous}


async def test_a_manager_change_names_the_previous_manager(api: Api) -> None:
    first, second = await api.create_employee(), await api.create_employee()
    employee = await api.create_employee(manager_id=first["id"])
    await api.patch(f"/v1/employees/{employee['id']}", json={"manager_id": second["id"]})
    event = await last_event(api)
    assert event["data"]["previous_attributes"] == {"manager_id": first["id"]}
    entries = (await history(api, employee["id"]))["data"]
    assert entries[-1]["changes"] == {"manager_id": {"from": first["id"], "to": second["id"]}}


async def test_offboarding_carries_previous_attributes_and_shows_in_history(api: Api) -> None:
    employee = await api.create_employee()
    offboarded = (await api.delete(f"/v1/employees/{employee['id']}")).json()
    event = await last_event(api)
    assert event["type"] == "employee.offboarded"
    assert event["data"]["previous_attributes"] == {"end_date": None}
    entry = (await history(api, employee["id"]))["data"][-1]
    assert entry["changes"] == {"end_date": {"from": None, "to": offboarded["end_date"]}}
    assert entry["event_id"] == event["id"] and entry["status"] == "applied"


async def test_history_starts_with_the_creation_and_lists_changes_oldest_first(
    api: Api,
) -> None:
    employee = await api.create_employee(role="Engineer", custom_fields={"team": "core"})
    for role in ("Lead", "Manager", "Director"):
        await api.patch(f"/v1/employees/{employee['id']}", json={"role": role})
    page = await history(api, employee["id"], limit=2)
    assert page["total_count"] == 4 and page["next_cursor"] is not None
    created, first = page["data"]
    assert created["changes"] == {
        "full_name": {"from": None, "to": "Ada Lovelace"},
        "role": {"from": None, "to": "Engineer"},
        "start_date": {"from": None, "to": "2024-01-15"},
        "custom_fields": {"from": None, "to": {"team": "core"}},
    }
    assert first["changes"] == {"role": {"from": "Engineer", "to": "Lead"}}
    rest = await history(api, employee["id"], limit=2, cursor=page["next_cursor"])
    assert [e["changes"]["role"]["to"] for e in rest["data"]] == ["Manager", "Director"]
    assert rest["next_cursor"] is None and rest["total_count"] == 4
    entries = page["data"] + rest["data"]
    assert [e["id"] for e in entries] == sorted(e["id"] for e in entries)
    event_ids = {
        e["id"] for e in (await api.get("/v1/events", params={"limit": 200})).json()["data"]
    }
    assert all(e["event_id"] in event_ids and e["status"] == "applied" for e in entries)
    assert set(entries[0]) == {
        "id", "employee_id", "status", "effective_date", "changes", "event_id",
        "failure_reason", "created_at", "changed_at",
    }  # fmt: skip


async def test_history_is_the_tenants_own(api: Api, tenants: Tenants) -> None:
    employee = await api.create_employee()
    other = await tenants.new()
    assert_error(await other.get(f"/v1/employees/{employee['id']}/history"), 404, "not_found")
    other_cursor = (await history(api, employee["id"]))["next_cursor"]
    assert other_cursor is None
    second = await api.create_employee()
    await api.patch(f"/v1/employees/{employee['id']}", json={"role": "A"})
    cursor = (await history(api, employee["id"], limit=1))["next_cursor"]
    # A cursor of one employee's history is refused on another's.
    response = await api.get(f"/v1/employees/{second['id']}/history", params={"cursor": cursor})
    assert_error(response, 400, "invalid_request", ["cursor"])


async def test_a_future_change_is_scheduled_then_applied_on_its_day(
    api: Api, tenants: Tenants
) -> None:
    employee = await api.create_employee(role="Engineer")
    day = in_days(10)
    response = await api.patch(
        f"/v1/employees/{employee['id']}", json={"role": "Lead", "effective_date": day}
    )
    assert response.status_code == 202, response.text
    change = response.json()
    assert change["status"] == "scheduled" and change["effective_date"] == day
    assert change["changes"] == {"role": {"from": "Engineer", "to": "Lead"}}
    assert change["event_id"] is None and change["changed_at"] is None
    unchanged = (await api.get(f"/v1/employees/{employee['id']}")).json()
    assert unchanged == employee
    assert (await history(api, employee["id"]))["data"][-1] == change

    await apply_due_changes(tenants.engine, date.fromisoformat(day) - timedelta(days=1))
    assert (await api.get(f"/v1/employees/{employee['id']}")).json()["role"] == "Engineer"
    await apply_due_changes(tenants.engine, date.fromisoformat(day))
    applied = (await api.get(f"/v1/employees/{employee['id']}")).json()
    assert applied["role"] == "Lead" and applied["version"] == 2
    event = await last_event(api)
    assert event["type"] == "employee.updated"
    assert event["data"] == {**applied, "previous_attributes": {"role": "Engineer"}}
    entry = (await history(api, employee["id"]))["data"][-1]
    assert entry["id"] == change["id"] and entry["status"] == "applied"
    assert entry["event_id"] == event["id"] and entry["changed_at"] is not None
    # Applied is final: cancelling now conflicts.
    cancel = await api.delete(f"/v1/employees/{employee['id']}/history/{change['id']}")
    assert_error(cancel, 409, "conflict", ["change_id"])


async def test_today_applies_at_once_and_a_past_day_is_refused(api: Api) -> None:
    employee = await api.create_employee()
    now = await api.patch(
        f"/v1/employees/{employee['id']}", json={"role": "Lead", "effective_date": in_days(0)}
    )
    assert now.status_code == 200 and now.json()["role"] == "Lead"
    past = await api.patch(
        f"/v1/employees/{employee['id']}", json={"role": "X", "effective_date": in_days(-1)}
    )
    assert_error(past, 422, "unprocessable_entity", ["effective_date"])
    same = await api.patch(
        f"/v1/employees/{employee['id']}", json={"role": "Lead", "effective_date": in_days(3)}
    )
    assert_error(same, 422, "unprocessable_entity", ["effective_date"])


async def test_a_scheduled_change_is_checked_now(api: Api) -> None:
    employee = await api.create_employee()
    response = await api.patch(
        f"/v1/employees/{employee['id']}",
        json={"manager_id": employee["id"], "effective_date": in_days(5)},
    )
    assert_error(response, 422, "unprocessable_entity", ["manager_id"])
    assert (await history(api, employee["id"]))["total_count"] == 1


async def test_a_cancelled_change_is_never_applied(api: Api, tenants: Tenants) -> None:
    employee = await api.create_employee(role="Engineer")
    day = in_days(7)
    change = (
        await api.patch(
            f"/v1/employees/{employee['id']}", json={"role": "Lead", "effective_date": day}
        )
    ).json()
    path = f"/v1/employees/{employee['id']}/history/{change['id']}"
    cancelled = await api.delete(path)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json() == {**change, "status": "cancelled"}
    assert_error(await api.delete(path), 409, "conflict", ["change_id"])
    other = await api.create_employee()
    wrong = f"/v1/employees/{other['id']}/history/{change['id']}"
    assert_error(await api.delete(wrong), 404, "not_found")
    await apply_due_changes(tenants.engine, date.fromisoformat(day))
    assert (await api.get(f"/v1/employees/{employee['id']}")).json()["role"] == "Engineer"
    assert (await history(api, employee["id"]))["data"][-1]["status"] == "cancelled"


async def test_a_change_no_longer_valid_on_its_day_fails_without_harm(
    api: Api, tenants: Tenants
) -> None:
    manager = await api.create_employee()
    employee = await api.create_employee()
    day = in_days(4)
    scheduled = await api.patch(
        f"/v1/employees/{manager['id']}",
        json={"manager_id": employee["id"], "effective_date": day},
    )
    assert scheduled.status_code == 202, scheduled.text
    # Meanwhile the other way round: the scheduled change would now close a cycle.
    await api.patch(f"/v1/employees/{employee['id']}", json={"manager_id": manager["id"]})
    await apply_due_changes(tenants.engine, date.fromisoformat(day))
    entry = (await history(api, manager["id"]))["data"][-1]
    assert entry["status"] == "failed" and "cycle" in entry["failure_reason"]
    assert entry["event_id"] is None
    assert (await api.get(f"/v1/employees/{manager['id']}")).json()["manager_id"] is None


async def test_racing_workers_apply_each_scheduled_change_once(api: Api, tenants: Tenants) -> None:
    day = in_days(20)
    ids = []
    for n in range(12):
        employee = await api.create_employee()
        response = await api.patch(
            f"/v1/employees/{employee['id']}", json={"role": f"R{n}", "effective_date": day}
        )
        assert response.status_code == 202
        ids.append(employee["id"])
    settled = await asyncio.gather(
        *(apply_due_changes(tenants.engine, date.fromisoformat(day)) for _ in range(4))
    )
    assert sum(settled) >= len(ids)
    async with tenants.engine.connect() as conn:
        updates = await conn.execute(
            select(func.count())
            .select_from(events)
            .where(
                events.c.workspace_id == api.tenant.workspace_id,
                events.c.type == "employee.updated",
            )
        )
        assert updates.scalar_one() == len(ids)
        waiting = await conn.execute(
            select(func.count())
            .select_from(employee_changes)
            .where(
                employee_changes.c.workspace_id == api.tenant.workspace_id,
                employee_changes.c.status == "scheduled",
            )
        )
        assert waiting.scalar_one() == 0
    for n, employee_id in enumerate(ids):
        employee = (await api.get(f"/v1/employees/{employee_id}")).json()
        assert (employee["role"], employee["version"]) == (f"R{n}", 2)


async def test_updated_since_lists_what_changed_at_or_after(api: Api) -> None:
    old = await api.create_employee()
    await asyncio.sleep(1.1)  # timestamps keep whole seconds
    fresh = await api.create_employee()
    since = fresh["updated_at"]
    listed = (await api.get("/v1/employees", params={"updated_since": since})).json()
    assert [e["id"] for e in listed["data"]] == [fresh["id"]] and listed["total_count"] == 1
    await asyncio.sleep(1.1)
    changed = (await api.patch(f"/v1/employees/{old['id']}", json={"role": "X"})).json()
    later = await api.get("/v1/employees", params={"updated_since": changed["updated_at"]})
    assert [e["id"] for e in later.json()["data"]] == [old["id"]]
    bad = await api.get("/v1/employees", params={"updated_since": "2024-01-01T00:00:00"})
    assert_error(bad, 400, "invalid_request", ["updated_since"])


async def test_the_catalogue_documents_previous_attributes_and_erasure(api: Api) -> None:
    types = {t["type"]: t["schema"] for t in (await api.get("/v1/event-types")).json()["data"]}
    assert types["employee.updated"] == types["employee.offboarded"] == "EmployeeUpdatedData"
    assert types["employee.erased"] == "ErasedEmployee"
    document = (await api.http.get("/v1/openapi.json")).json()
    schemas = document["components"]["schemas"]
    assert "previous_attributes" in schemas["EmployeeUpdatedData"]["required"]
    assert set(schemas["ErasedEmployee"]["properties"]) == {"id"}
    page = (await api.http.get("/ecosystem")).text
    assert "<td><code>previous_attributes</code></td>" in page
