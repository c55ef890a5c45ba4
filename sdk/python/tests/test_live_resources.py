"""Every method of every resource, on the sync client, against a real `pulse serve`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from _support import unique
from pulsehr import ConflictError, Pulse, SyncPage, UnprocessableEntityError
from pulsehr.types import (
    DeletedWebhookEndpoint,
    Delivery,
    Employee,
    EmployeeChange,
    EmployeeExport,
    EmployeeScore,
    EmployeeUpdatedData,
    ErasedEmployee,
    Event,
    EventTypeList,
    GroupScores,
    Kudos,
    Leave,
    LeaveBalance,
    StatusLogEntry,
    WebhookEndpoint,
    WebhookEndpointWithSecret,
    WorkloadCheckin,
)

pytestmark = pytest.mark.live

NewEmployee = Callable[..., Employee]
HOOK_URL = "http://127.0.0.1:9/pulse/hook"  # loopback; deliveries are not run by the test server


def test_employees_create_retrieve_update_list_offboard(pulse: Pulse) -> None:
    department = unique("Dept ")
    email = f"{unique('ada-')}@Example.com"
    created = pulse.employees.create(
        full_name="Ada Lovelace",
        start_date=dt.date(2021, 3, 1),
        email=email,
        role="Engineer",
        department=department,
        location="London",
        country="gb",
        custom_fields={"shirt_size": "M", "remote": True, "floor": 3},
    )
    assert isinstance(created, Employee)
    assert created.id.startswith("emp_")
    assert created.start_date == dt.date(2021, 3, 1)
    assert created.country == "GB"
    assert created.custom_fields == {"shirt_size": "M", "remote": True, "floor": 3}
    assert created.status == "active"
    assert created.version == 1
    assert created.created_at.tzinfo is not None

    assert pulse.employees.retrieve(created.id) == created

    # PATCH: omitted arguments are not sent, None clears, version guards.
    updated = pulse.employees.update(
        created.id, role="Staff Engineer", location=None, version=created.version
    )
    assert updated.role == "Staff Engineer"
    assert updated.location is None
    assert updated.department == department  # not sent, so unchanged
    assert updated.version == created.version + 1

    page = pulse.employees.list(department=department, status="active", q="lovelace")
    assert isinstance(page, SyncPage)
    assert [e.id for e in page.data] == [created.id]
    assert page.total_count == 1
    assert page.next_cursor is None

    offboarded = pulse.employees.offboard(created.id)
    assert offboarded.end_date == dt.datetime.now(dt.timezone.utc).date()
    assert offboarded.status == "former"
    assert [e.id for e in pulse.employees.list(department=department, status="former")] == [
        created.id
    ]


def test_employees_update_clears_manager_and_sets_custom_fields(
    pulse: Pulse, new_employee: NewEmployee
) -> None:
    manager = new_employee()
    report = new_employee(manager_id=manager.id)
    assert report.manager_id == manager.id
    assert [e.id for e in pulse.employees.list(manager_id=manager.id)] == [report.id]

    cleared = pulse.employees.update(report.id, manager_id=None, custom_fields={"team": "core"})
    assert cleared.manager_id is None
    assert cleared.custom_fields == {"team": "core"}


def test_employees_scheduled_change_history_and_cancel(
    pulse: Pulse, new_employee: NewEmployee
) -> None:
    person = new_employee(role="Engineer")
    tomorrow = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1)
    scheduled = pulse.employees.update(person.id, role="Lead", effective_date=tomorrow)
    assert isinstance(scheduled, EmployeeChange)  # 202: applied on that day, not now
    assert (scheduled.status, scheduled.effective_date) == ("scheduled", tomorrow)
    assert scheduled.changes["role"].from_ == "Engineer"
    assert scheduled.changes["role"].to_dict() == {"from": "Engineer", "to": "Lead"}
    assert pulse.employees.retrieve(person.id).role == "Engineer"

    now = pulse.employees.update(person.id, location="Turin")
    assert isinstance(now, Employee)  # 200: applied at once
    assert now.location == "Turin"

    history = pulse.employees.history(person.id, limit=1)
    assert isinstance(history, SyncPage)
    assert history.next_cursor is not None  # one change a page, so walking fetches the rest
    by_id = {change.id: change for change in history}
    assert by_id[scheduled.id] == scheduled
    assert {c.status for c in by_id.values()} >= {"applied", "scheduled"}

    cancelled = pulse.employees.cancel_change(person.id, scheduled.id)
    assert cancelled.id == scheduled.id and cancelled.status == "cancelled"
    assert pulse.employees.retrieve(person.id).role == "Engineer"

    updated = pulse.employees.list(updated_since=now.updated_at, limit=200)
    assert person.id in [e.id for e in updated]
    later = now.updated_at + dt.timedelta(seconds=1)
    assert person.id not in [e.id for e in pulse.employees.list(updated_since=later, limit=200)]

    applied = next(c for c in by_id.values() if "location" in c.changes)
    assert applied.status == "applied" and applied.event_id is not None
    data = pulse.events.retrieve(applied.event_id).data_as(EmployeeUpdatedData)
    assert data.id == person.id and "location" in data.previous_attributes


def test_employees_export_and_erase(pulse: Pulse, new_employee: NewEmployee) -> None:
    person, colleague = new_employee(role="Analyst"), new_employee()
    entry = pulse.status_log.create(employee_id=person.id, date="2024-05-06", lines=["Private."])
    kudos = pulse.kudos.create(
        from_employee_id=colleague.id, to_employee_id=person.id, coins=5, tag="help", note="Thanks"
    )

    exported = pulse.employees.export(person.id)
    assert isinstance(exported, EmployeeExport)
    assert exported.employee == person
    assert [e.id for e in exported.status_log] == [entry.id]
    assert [k.id for k in exported.kudos_received] == [kudos.id]
    assert exported.kudos_given == []
    assert isinstance(exported.score, EmployeeScore)
    assert exported.score.employee_id == person.id
    assert exported.history[0].status == "applied"

    with pytest.raises(UnprocessableEntityError):  # only a former employee can be erased
        pulse.employees.erase(person.id)
    pulse.employees.offboard(person.id)
    erased = pulse.employees.erase(person.id, idempotency_key=unique("erase-"))
    assert erased.id == person.id
    assert erased.full_name != person.full_name and erased.role is None
    assert pulse.status_log.retrieve(entry.id).lines != ["Private."]
    assert pulse.employees.erase(person.id) == erased  # erasing again answers the same

    events = pulse.events.list(type="employee.erased", created_from=person.created_at)
    event = next(e for e in events if e.data["id"] == person.id)
    assert event.data_as(ErasedEmployee).id == person.id


def test_scores_retrieve_and_groups(pulse: Pulse, new_employee: NewEmployee) -> None:
    department = unique("Scored ")
    people = [new_employee(department=department) for _ in range(3)]
    today = dt.datetime.now(dt.timezone.utc).date()
    score = pulse.scores.retrieve(people[0].id, as_of=today)
    assert isinstance(score, EmployeeScore)
    assert (score.employee_id, score.as_of, score.window_days) == (people[0].id, today, 90)
    assert {f.name for f in score.factors} == {
        "recognition",
        "workload",
        "participation",
        "time_off",
    }
    assert score.previous.as_of == today - dt.timedelta(days=score.window_days)
    assert pulse.scores.retrieve(people[0].id).as_of == today

    groups = pulse.scores.groups(group_by="department", as_of=today)
    assert isinstance(groups, GroupScores)
    assert groups.group_by == "department"
    mine = next(g for g in groups.data if g.key == department)
    assert mine.employees == 3
    if mine.suppressed:
        assert mine.score is None
    assert pulse.scores.groups(group_by="location").as_of == today

    with pytest.raises(UnprocessableEntityError):  # never later than today
        pulse.scores.retrieve(people[0].id, as_of=today + dt.timedelta(days=1))


def test_status_log_create_retrieve_list(pulse: Pulse, new_employee: NewEmployee) -> None:
    person = new_employee()
    entry = pulse.status_log.create(
        employee_id=person.id,
        date="2024-05-06",
        lines=["Shipped the OG localiser.", "Fixing a CLS regression."],
        topic="frontend",
    )
    assert isinstance(entry, StatusLogEntry)
    assert entry.id.startswith("sl_")
    assert entry.date == dt.date(2024, 5, 6)
    assert entry.lines == ["Shipped the OG localiser.", "Fixing a CLS regression."]
    assert pulse.status_log.retrieve(entry.id) == entry

    second = pulse.status_log.create(employee_id=person.id, date=dt.date(2024, 5, 7), lines=["x"])
    listed = pulse.status_log.list(
        employee_id=person.id, date_from="2024-05-01", date_to=dt.date(2024, 5, 31)
    )
    assert [e.id for e in listed] == [entry.id, second.id]
    assert [e.id for e in pulse.status_log.list(employee_id=person.id, topic="frontend")] == [
        entry.id
    ]


def test_kudos_create_retrieve_list(pulse: Pulse, new_employee: NewEmployee) -> None:
    giver, receiver = new_employee(), new_employee()
    kudos = pulse.kudos.create(
        from_employee_id=giver.id,
        to_employee_id=receiver.id,
        coins=10,
        tag="craft",
        note="Picked up the failing migration without anyone asking.",
    )
    assert isinstance(kudos, Kudos)
    assert kudos.id.startswith("kudo_")
    assert (kudos.from_employee_id, kudos.to_employee_id, kudos.coins) == (
        giver.id,
        receiver.id,
        10,
    )
    assert pulse.kudos.retrieve(kudos.id) == kudos

    since = kudos.created_at - dt.timedelta(seconds=1)
    listed = pulse.kudos.list(
        from_employee_id=giver.id, to_employee_id=receiver.id, tag="craft", created_from=since
    )
    assert [k.id for k in listed] == [kudos.id]
    assert list(pulse.kudos.list(from_employee_id=giver.id, created_to=since)) == []


def test_workload_checkins_create_retrieve_list(pulse: Pulse, new_employee: NewEmployee) -> None:
    person = new_employee()
    monday = dt.date(2024, 5, 6)
    checkin = pulse.workload_checkins.create(
        employee_id=person.id, level="heavy", week_start=monday
    )
    assert isinstance(checkin, WorkloadCheckin)
    assert checkin.id.startswith("wl_")
    assert (checkin.week_start, checkin.level) == (monday, "heavy")
    assert pulse.workload_checkins.retrieve(checkin.id) == checkin

    this_week = pulse.workload_checkins.create(employee_id=person.id, level="balanced")
    assert this_week.week_start.weekday() == 0
    listed = pulse.workload_checkins.list(employee_id=person.id, level="heavy")
    assert [c.id for c in listed] == [checkin.id]
    window = pulse.workload_checkins.list(
        employee_id=person.id, week_from="2024-05-01", week_to="2024-05-31"
    )
    assert [c.id for c in window] == [checkin.id]


def test_leave_create_retrieve_list_cancel_balance(pulse: Pulse, new_employee: NewEmployee) -> None:
    person = new_employee(country="IT")
    year = dt.datetime.now(dt.timezone.utc).year + 1  # all planned, none taken
    leave = pulse.leave.create(
        employee_id=person.id,
        kind="vacation",
        start_date=dt.date(year, 6, 1),
        end_date=dt.date(year, 6, 7),
        note="Lisbon",
    )
    assert isinstance(leave, Leave)
    assert leave.id.startswith("lv_")
    assert leave.status == "logged"
    assert leave.days > 0
    assert pulse.leave.retrieve(leave.id) == leave

    half = pulse.leave.create(
        employee_id=person.id,
        kind="personal",
        start_date=f"{year}-07-01",
        end_date=f"{year}-07-01",
        days=0.5,
    )
    assert half.days == 0.5

    listed = pulse.leave.list(employee_id=person.id, kind="vacation", status="logged")
    assert [item.id for item in listed] == [leave.id]
    window = pulse.leave.list(
        employee_id=person.id, from_=dt.date(year, 6, 30), to=dt.date(year, 7, 31)
    )
    assert [item.id for item in window] == [half.id]

    balance = pulse.leave.balance(person.id, year=year)
    assert isinstance(balance, LeaveBalance)
    assert balance.year == year
    by_kind = {b.kind: b for b in balance.balances}
    assert by_kind["vacation"].planned == leave.days
    assert by_kind["personal"].planned == 0.5
    assert by_kind["sick"].allowance is None and by_kind["sick"].remaining is None
    assert pulse.leave.balance(person.id).year == dt.datetime.now(dt.timezone.utc).year

    cancelled = pulse.leave.cancel(leave.id)
    assert cancelled.status == "cancelled"
    assert cancelled.cancelled_at is not None
    assert pulse.leave.cancel(leave.id) == cancelled  # cancelling again changes nothing
    assert [i.id for i in pulse.leave.list(employee_id=person.id, status="cancelled")] == [leave.id]


def test_leave_requested_then_approved_or_declined(approvals: Pulse) -> None:
    person = approvals.employees.create(full_name="Mary Jackson", start_date="2020-01-06")
    year = dt.datetime.now(dt.timezone.utc).year + 1
    requested = approvals.leave.create(
        employee_id=person.id, kind="vacation", start_date=f"{year}-08-03", end_date=f"{year}-08-07"
    )
    assert requested.status == "requested"
    assert (requested.decided_at, requested.decided_by, requested.decision_note) == (None,) * 3
    pending = {b.kind: b for b in approvals.leave.balance(person.id, year=year).balances}
    assert (pending["vacation"].pending, pending["vacation"].planned) == (requested.days, 0)

    approved = approvals.leave.approve(requested.id, note="Enjoy")
    assert approved.status == "approved"
    assert approved.decision_note == "Enjoy" and approved.decided_at is not None
    assert approved.decided_by is None  # decided with an integration key
    with pytest.raises(ConflictError):  # already decided
        approvals.leave.decline(requested.id)
    decided = {b.kind: b for b in approvals.leave.balance(person.id, year=year).balances}
    assert (decided["vacation"].pending, decided["vacation"].planned) == (0, requested.days)

    second = approvals.leave.create(
        employee_id=person.id, kind="personal", start_date=f"{year}-09-01", end_date=f"{year}-09-01"
    )
    declined = approvals.leave.decline(second.id)
    assert (declined.status, declined.decision_note) == ("declined", None)
    types = [e.type for e in approvals.events.list(created_from=person.created_at, limit=200)]
    assert {"leave.requested", "leave.approved", "leave.declined"} <= set(types)


def test_webhook_endpoints_every_method(pulse: Pulse) -> None:
    created = pulse.webhook_endpoints.create(
        url=HOOK_URL, events=["leave.logged", "kudos.awarded"], description="SDK tests"
    )
    assert isinstance(created, WebhookEndpointWithSecret)
    assert created.secret.startswith("whsec_")
    assert created.enabled is True

    fetched = pulse.webhook_endpoints.retrieve(created.id)
    assert isinstance(fetched, WebhookEndpoint)
    assert not hasattr(fetched, "secret")
    assert fetched.events == ["leave.logged", "kudos.awarded"]

    updated = pulse.webhook_endpoints.update(
        created.id, events=["*"], description=None, enabled=False
    )
    assert (updated.events, updated.description, updated.enabled) == (["*"], None, False)
    assert created.id in [e.id for e in pulse.webhook_endpoints.list(enabled=False)]
    assert created.id not in [e.id for e in pulse.webhook_endpoints.list(enabled=True)]
    pulse.webhook_endpoints.update(created.id, enabled=True)

    rolled = pulse.webhook_endpoints.roll_secret(created.id)
    assert rolled.secret.startswith("whsec_") and rolled.secret != created.secret

    delivery = pulse.webhook_endpoints.send_test(created.id)
    assert isinstance(delivery, Delivery)
    assert (delivery.endpoint_id, delivery.event_type) == (created.id, "webhook_endpoint.test")
    deliveries = pulse.webhook_endpoints.list_deliveries(
        created.id, status="pending", event_id=delivery.event_id
    )
    assert [d.id for d in deliveries] == [delivery.id]

    deleted = pulse.webhook_endpoints.delete(created.id)
    assert isinstance(deleted, DeletedWebhookEndpoint)
    assert deleted.deleted is True and deleted.id == created.id


def test_events_list_retrieve_replay(pulse: Pulse, new_employee: NewEmployee) -> None:
    person = new_employee()
    events = pulse.events.list(type="employee.created", created_from=person.created_at)
    event = next(e for e in events if e.data["id"] == person.id)
    assert isinstance(event, Event)
    assert event.id.startswith("evt_")
    assert event.data_as(Employee) == person
    assert pulse.events.retrieve(event.id) == event
    assert pulse.events.list(delivery_failed=True).total_count == 0  # nothing was delivered
    until = pulse.events.list(type="employee.created", created_to=person.created_at, limit=200)
    assert event.id in [e.id for e in until]

    endpoint = pulse.webhook_endpoints.create(url=HOOK_URL, events=["employee.created"])
    try:
        replayed = pulse.events.replay(event.id, endpoint_id=endpoint.id)
        assert [d.endpoint_id for d in replayed.data] == [endpoint.id]
        assert replayed.data[0].event_id == event.id
        to_subscribers = pulse.events.replay(event.id)
        assert endpoint.id in [d.endpoint_id for d in to_subscribers.data]
    finally:
        pulse.webhook_endpoints.delete(endpoint.id)


def test_event_types_list(pulse: Pulse) -> None:
    catalogue = pulse.event_types.list()
    assert isinstance(catalogue, EventTypeList)
    by_type = {t.type: t for t in catalogue.data}
    assert by_type["leave.logged"].schema_ == "Leave"
    assert by_type["employee.created"].to_dict()["schema"] == "Employee"


def test_raw_response_gives_headers_and_the_parsed_value(pulse: Pulse) -> None:
    response = pulse.employees.with_raw_response.list(limit=1)
    assert response.status_code == 200
    assert response.request_id is not None and response.request_id.startswith("req_")
    assert response.headers["X-Request-Id"] == response.request_id
    page = response.parse()
    assert isinstance(page, SyncPage)
    assert len(page.data) == 1
    assert response.parse() is page

    created = pulse.webhook_endpoints.with_raw_response.create(
        url=HOOK_URL, events=["*"], idempotency_key=unique("raw-")
    )
    assert created.status_code == 201
    assert created.http_request.headers["Idempotency-Key"].startswith("raw-")
    assert not created.idempotent_replayed
    pulse.webhook_endpoints.delete(created.parse().id)


def test_idempotency_key_replays_instead_of_creating_twice(
    pulse: Pulse, new_employee: NewEmployee
) -> None:
    person = new_employee()
    key = unique("checkin-")
    first = pulse.workload_checkins.with_raw_response.create(
        employee_id=person.id, level="light", idempotency_key=key
    )
    again = pulse.workload_checkins.with_raw_response.create(
        employee_id=person.id, level="light", idempotency_key=key
    )
    assert again.idempotent_replayed
    assert again.parse() == first.parse()
    assert pulse.workload_checkins.list(employee_id=person.id).total_count == 1
