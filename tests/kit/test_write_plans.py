"""Creates written as a plan: the service reads and plans, `write_plan` writes once.

The status-log post, the workload check-in and the employee create read outside a
transaction and write their row, its event and the Idempotency-Key's record with its
answer at once (one statement on PostgreSQL, a short transaction on SQLite). A key
that already has a record answers from it; a broken constraint is the plan's own 409;
the service runs once per request, whatever happens.
"""

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from pulse.db.dialect import Claimed, insert_claimed
from pulse.db.session import reading, transaction
from pulse.db.tables import events, idempotency_keys, status_log
from pulse.events.outbox import event_row
from pulse.kit.clock import utcnow
from pulse.status_log import service
from tests.support.api import Api, Tenants, assert_error
from tests.support.journals import event_types

DAY = "2024-05-06"


async def post(api: Api, employee_id: str, key: str | None = None, **body: Any) -> httpx.Response:
    headers = {"Idempotency-Key": key} if key else {}
    payload = {"employee_id": employee_id, "date": DAY, "lines": ["Shipped it."], **body}
    return await api.post("/v1/status-log", json=payload, headers=headers)


async def rows(api: Api, tenants: Tenants, table: Any) -> int:
    async with reading(tenants.engine) as db:
        query = select(func.count()).where(
            table.c.workspace_id == api.tenant.workspace_id,
            table.c.environment == api.tenant.environment.value,
        )
        return int((await db.execute(query)).scalar_one())


@pytest.fixture
def plans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every run of the status-log service's planning, by the employee it was for."""
    runs: list[str] = []
    plan_entry = service.plan_entry

    async def counted(db: Any, principal: Any, data: Any) -> Any:
        runs.append(data.employee_id)
        return await plan_entry(db, principal, data)

    monkeypatch.setattr(service, "plan_entry", counted)
    return runs


async def test_a_post_writes_entry_event_and_stored_answer_together(
    api: Api, tenants: Tenants, plans: list[str]
) -> None:
    employee = await api.create_employee()
    first = await post(api, employee["id"], key="one")
    assert first.status_code == 201, first.text
    entry = first.json()
    assert (await api.get(f"/v1/status-log/{entry['id']}")).json() == entry
    assert await event_types(api, tenants) == [
        ("employee.created", employee),
        ("status_log.posted", entry),
    ]
    again = await post(api, employee["id"], key="one")
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content
    assert await rows(api, tenants, status_log) == 1
    assert await rows(api, tenants, idempotency_keys) == 1
    assert len(plans) == 2  # once per request: the replay too ran its reads once


async def test_a_post_without_a_key_writes_entry_and_event(api: Api, tenants: Tenants) -> None:
    employee = await api.create_employee()
    response = await post(api, employee["id"])
    assert response.status_code == 201, response.text
    assert await rows(api, tenants, status_log) == 1
    assert await rows(api, tenants, events) == 2
    assert await rows(api, tenants, idempotency_keys) == 0


async def test_a_second_entry_for_the_day_is_the_plans_409_run_once(
    api: Api, tenants: Tenants, plans: list[str]
) -> None:
    employee = await api.create_employee()
    assert (await post(api, employee["id"])).status_code == 201
    taken = await post(api, employee["id"], key="dup", lines=["Again."])
    assert_error(taken, 409, "conflict", ["date"])
    assert "already has a status-log entry" in taken.json()["error"]["message"]
    assert await rows(api, tenants, status_log) == 1
    assert await rows(api, tenants, events) == 2
    # The 409 is the key's stored answer, as for any create.
    replayed = await post(api, employee["id"], key="dup", lines=["Again."])
    assert replayed.status_code == 409
    assert replayed.headers["idempotent-replayed"] == "true"
    assert replayed.content == taken.content
    assert_error(await post(api, employee["id"]), 409, "conflict", ["date"])
    assert len(plans) == 4


async def test_an_error_with_a_key_is_kept_as_its_answer(api: Api, tenants: Tenants) -> None:
    first = await post(api, "emp_unknown", key="missing")
    assert_error(first, 404, "not_found", ["employee_id"])
    again = await post(api, "emp_unknown", key="missing")
    assert again.status_code == 404
    assert again.headers["idempotent-replayed"] == "true"
    assert await rows(api, tenants, idempotency_keys) == 1
    assert_error(await post(api, "emp_unknown"), 404, "not_found", ["employee_id"])


async def test_a_used_key_answers_from_its_record_whatever_the_rules_say_now(
    api: Api, tenants: Tenants
) -> None:
    employee = await api.create_employee(start_date="2024-01-01")
    first = await post(api, employee["id"], key="before")
    assert first.status_code == 201
    # Employment ended before the day: a fresh post would now be refused (422).
    await api.patch(f"/v1/employees/{employee['id']}", json={"end_date": "2024-05-01"})
    assert_error(await post(api, employee["id"], date="2024-05-07"), 422, "unprocessable_entity")
    retried = await post(api, employee["id"], key="before")
    assert retried.status_code == 201
    assert retried.headers["idempotent-replayed"] == "true"
    assert retried.content == first.content
    assert await rows(api, tenants, status_log) == 1


async def test_the_same_key_for_another_body_is_409_and_keeps_the_first_answer(
    api: Api, tenants: Tenants
) -> None:
    employee = await api.create_employee()
    first = await post(api, employee["id"], key="k")
    assert first.status_code == 201
    other = await post(api, employee["id"], key="k", lines=["Something else."])
    assert_error(other, 409, "conflict", ["Idempotency-Key"])
    assert await rows(api, tenants, status_log) == 1
    assert (await post(api, employee["id"], key="k")).content == first.content


async def test_twenty_concurrent_first_uses_make_one_entry(api: Api, tenants: Tenants) -> None:
    employee = await api.create_employee()
    answers = await asyncio.gather(*(post(api, employee["id"], key="race") for _ in range(20)))
    created = [a for a in answers if a.status_code == 201]
    assert created, [a.text for a in answers]
    assert len({a.json()["id"] for a in created}) == 1
    for answer in answers:
        if answer.status_code != 201:  # still in flight after the wait: the retryable 409
            assert_error(answer, 409, "conflict", ["Idempotency-Key"])
            assert answer.headers["retry-after"] == "1"
    assert await rows(api, tenants, status_log) == 1
    assert await rows(api, tenants, events) == 2


async def test_a_workload_checkin_is_written_as_a_plan(api: Api, tenants: Tenants) -> None:
    employee = await api.create_employee()
    body = {"employee_id": employee["id"], "week_start": "2024-05-06", "level": "balanced"}
    created = await api.post("/v1/workload-checkins", json=body, headers={"Idempotency-Key": "w"})
    assert created.status_code == 201, created.text
    replayed = await api.post("/v1/workload-checkins", json=body, headers={"Idempotency-Key": "w"})
    assert replayed.content == created.content
    taken = await api.post("/v1/workload-checkins", json=body)
    assert_error(taken, 409, "conflict", ["week_start"])
    assert await rows(api, tenants, events) == 2


async def test_an_employee_create_is_written_as_a_plan(api: Api, tenants: Tenants) -> None:
    body = {"full_name": "Ada Lovelace", "start_date": "2024-01-15", "email": "ada@example.com"}
    created = await api.post("/v1/employees", json=body, headers={"Idempotency-Key": "e"})
    assert created.status_code == 201, created.text
    same_email = await api.post("/v1/employees", json={**body, "full_name": "Ada Again"})
    assert_error(same_email, 409, "conflict", ["email"])
    assert await rows(api, tenants, events) == 1


def _record(api: Api, key: str) -> dict[str, Any]:
    now = utcnow()
    return {
        "workspace_id": api.tenant.workspace_id,
        "environment": api.tenant.environment.value,
        "api_key_id": api.key_id,
        "key": key,
        "fingerprint": "f" * 64,
        "status_code": 201,
        "response_body": b"{}",
        "created_at": now,
        "expires_at": now,
    }


async def test_a_claim_and_its_rows_go_in_together_or_not_at_all(
    api: Api, tenants: Tenants
) -> None:
    event = event_row(api.tenant, "employee.created", {}, fan_out=False)
    async with transaction(tenants.engine) as db:
        await db.execute(insert(events).values(**event))
    # The event is there already: its primary key refuses it, and the claim goes too.
    async with reading(tenants.engine) as db:
        with pytest.raises(IntegrityError):
            await insert_claimed(
                db, "lock", (idempotency_keys, _record(api, "b")), [(events, event)]
            )
    assert await rows(api, tenants, idempotency_keys) == 0
    # A key already claimed writes none of the rows that follow it.
    fresh = event_row(api.tenant, "employee.created", {}, fan_out=False)
    async with reading(tenants.engine) as db:
        claim = (idempotency_keys, _record(api, "c"))
        assert await insert_claimed(db, "lock", claim, [(events, fresh)]) is Claimed.YES
        again = event_row(api.tenant, "employee.created", {}, fan_out=False)
        assert await insert_claimed(db, "lock", claim, [(events, again)]) is Claimed.TAKEN
    assert await rows(api, tenants, events) == 2
