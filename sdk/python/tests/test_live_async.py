"""Every method of every resource, on the async client, against a real `pulse serve`."""

from __future__ import annotations

import datetime as dt

import pytest

from _support import unique
from pulsehr import AsyncPage, AsyncPulse
from pulsehr.types import (
    DeletedWebhookEndpoint,
    Delivery,
    Employee,
    EmployeeChange,
    EmployeeExport,
    GroupScores,
    LeaveBalance,
    WebhookEndpointWithSecret,
)

pytestmark = pytest.mark.live

HOOK_URL = "http://127.0.0.1:9/pulse/hook"


async def test_people_and_journals(apulse: AsyncPulse) -> None:
    department = unique("Async ")
    person = await apulse.employees.create(
        full_name="Grace Hopper",
        start_date="2020-01-06",
        email=f"{unique('grace-')}@example.com",
        department=department,
    )
    colleague = await apulse.employees.create(
        full_name="Katherine Johnson", start_date="2020-01-06"
    )
    assert isinstance(person, Employee)
    assert await apulse.employees.retrieve(person.id) == person
    updated = await apulse.employees.update(person.id, role="Rear Admiral", department=None)
    assert (updated.role, updated.department) == ("Rear Admiral", None)
    updated = await apulse.employees.update(person.id, department=department)

    page = await apulse.employees.list(department=department)
    assert isinstance(page, AsyncPage)
    assert [e.id for e in page.data] == [person.id]
    assert [e.id async for e in apulse.employees.list(department=department)] == [person.id]

    entry = await apulse.status_log.create(
        employee_id=person.id, date=dt.date(2024, 5, 6), lines=["Compiled the compiler."]
    )
    assert await apulse.status_log.retrieve(entry.id) == entry
    assert [e.id async for e in apulse.status_log.list(employee_id=person.id)] == [entry.id]

    kudos = await apulse.kudos.create(
        from_employee_id=person.id, to_employee_id=colleague.id, coins=5, tag="debugging"
    )
    assert await apulse.kudos.retrieve(kudos.id) == kudos
    assert [k.id async for k in apulse.kudos.list(to_employee_id=colleague.id)] == [kudos.id]

    checkin = await apulse.workload_checkins.create(employee_id=person.id, level="overloaded")
    assert await apulse.workload_checkins.retrieve(checkin.id) == checkin
    listed = [c.id async for c in apulse.workload_checkins.list(employee_id=person.id)]
    assert listed == [checkin.id]

    year = dt.datetime.now(dt.timezone.utc).year + 1
    leave = await apulse.leave.create(
        employee_id=person.id, kind="sick", start_date=f"{year}-03-02", end_date=f"{year}-03-03"
    )
    assert await apulse.leave.retrieve(leave.id) == leave
    assert [i.id async for i in apulse.leave.list(employee_id=person.id)] == [leave.id]
    balance = await apulse.leave.balance(person.id, year=year)
    assert isinstance(balance, LeaveBalance)
    assert {b.kind: b.planned for b in balance.balances}["sick"] == leave.days
    cancelled = await apulse.leave.cancel(leave.id)
    assert cancelled.status == "cancelled"

    offboarded = await apulse.employees.offboard(colleague.id)
    assert offboarded.status == "former"


async def test_history_export_erase_and_scores(apulse: AsyncPulse) -> None:
    department = unique("Async scored ")
    person = await apulse.employees.create(
        full_name="Dorothy Vaughan", start_date="2020-01-06", department=department
    )
    tomorrow = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1)
    scheduled = await apulse.employees.update(person.id, role="Manager", effective_date=tomorrow)
    assert isinstance(scheduled, EmployeeChange)
    assert scheduled.status == "scheduled"
    applied = await apulse.employees.update(person.id, role="Analyst")
    assert isinstance(applied, Employee) and applied.role == "Analyst"
    page = await apulse.employees.history(person.id)
    assert isinstance(page, AsyncPage)
    assert scheduled.id in [c.id async for c in apulse.employees.history(person.id, limit=1)]
    cancelled = await apulse.employees.cancel_change(person.id, scheduled.id)
    assert cancelled.status == "cancelled"
    since = [e.id async for e in apulse.employees.list(updated_since=applied.updated_at)]
    assert person.id in since

    score = await apulse.scores.retrieve(person.id)
    assert score.employee_id == person.id
    groups = await apulse.scores.groups(group_by="department")
    assert isinstance(groups, GroupScores)
    assert [g.employees for g in groups.data if g.key == department] == [1]

    exported = await apulse.employees.export(person.id)
    assert isinstance(exported, EmployeeExport)
    assert exported.employee.role == "Analyst"
    assert cancelled.id in [c.id for c in exported.history]

    await apulse.employees.offboard(person.id)
    erased = await apulse.employees.erase(person.id)
    assert erased.id == person.id and erased.full_name != "Dorothy Vaughan"


async def test_leave_approval(aapprovals: AsyncPulse) -> None:
    person = await aapprovals.employees.create(full_name="Annie Easley", start_date="2020-01-06")
    year = dt.datetime.now(dt.timezone.utc).year + 1
    first, second = [
        await aapprovals.leave.create(
            employee_id=person.id, kind="vacation", start_date=day, end_date=day
        )
        for day in (f"{year}-10-05", f"{year}-10-06")
    ]
    assert (first.status, second.status) == ("requested", "requested")
    approved = await aapprovals.leave.approve(first.id)
    assert (approved.status, approved.decision_note) == ("approved", None)
    declined = await aapprovals.leave.decline(second.id, note="Release week")
    assert (declined.status, declined.decision_note) == ("declined", "Release week")


async def test_webhooks_events_and_catalogue(apulse: AsyncPulse) -> None:
    endpoint = await apulse.webhook_endpoints.create(url=HOOK_URL, events=["employee.created"])
    assert isinstance(endpoint, WebhookEndpointWithSecret)
    assert (await apulse.webhook_endpoints.retrieve(endpoint.id)).url == HOOK_URL
    updated = await apulse.webhook_endpoints.update(endpoint.id, description="async")
    assert updated.description == "async"
    assert endpoint.id in [e.id async for e in apulse.webhook_endpoints.list()]
    rolled = await apulse.webhook_endpoints.roll_secret(endpoint.id)
    assert rolled.secret != endpoint.secret
    delivery = await apulse.webhook_endpoints.send_test(endpoint.id)
    assert isinstance(delivery, Delivery)
    listed = [d.id async for d in apulse.webhook_endpoints.list_deliveries(endpoint.id)]
    assert listed == [delivery.id]

    event = await apulse.events.retrieve(delivery.event_id)
    assert event.type == "webhook_endpoint.test"
    first = await apulse.events.list(type="webhook_endpoint.test", limit=1)
    assert first.data and first.data[0].type == "webhook_endpoint.test"
    replayed = await apulse.events.replay(event.id, endpoint_id=endpoint.id)
    assert [d.endpoint_id for d in replayed.data] == [endpoint.id]

    catalogue = await apulse.event_types.list()
    assert "webhook_endpoint.test" in [t.type for t in catalogue.data]

    deleted = await apulse.webhook_endpoints.delete(endpoint.id)
    assert isinstance(deleted, DeletedWebhookEndpoint)


async def test_async_raw_response(apulse: AsyncPulse) -> None:
    response = await apulse.employees.with_raw_response.list(limit=1)
    assert response.status_code == 200
    assert response.request_id is not None
    page = response.parse()
    assert isinstance(page, AsyncPage)
    raw = await apulse.event_types.with_raw_response.list()
    assert raw.parse().data
