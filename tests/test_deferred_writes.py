"""Creates written in one statement at the end of the request (PostgreSQL).

The status-log post and the workload check-in read in autocommit and write their row,
its event and the idempotency record with its answer in one statement. Anything that
statement cannot settle (a broken constraint, a key already used or busy, an error once
a key is given) runs the request again in a transaction, which answers exactly as
before. On SQLite every request takes the transaction: the answers asserted here hold
on both databases; which way a request went is asserted on PostgreSQL only.
"""

import asyncio
import logging
from typing import Any

import httpx
import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from pulse.db.deferred import PENDING, NeedsTransaction
from pulse.db.driver import claim_then_insert
from pulse.db.locks import lock_for_transaction
from pulse.db.tables import events, idempotency_keys, status_log
from pulse.events.outbox import event_row
from pulse.kit.clock import utcnow
from pulse.kit.transactions import UnitOfWork, transaction
from tests.conftest import POSTGRES_ADMIN_URL, Api, Tenants, assert_error
from tests.journals import event_types

DAY = "2024-05-06"


async def post(api: Api, employee_id: str, key: str | None = None, **body: Any) -> httpx.Response:
    headers = {"Idempotency-Key": key} if key else {}
    payload = {"employee_id": employee_id, "date": DAY, "lines": ["Shipped it."], **body}
    return await api.post("/v1/status-log", json=payload, headers=headers)


async def rows(api: Api, tenants: Tenants, table: Any) -> int:
    async with transaction(tenants.engine, write=False) as conn:
        query = select(func.count()).where(
            table.c.workspace_id == api.tenant.workspace_id,
            table.c.environment == api.tenant.environment.value,
        )
        return int((await conn.execute(query)).scalar_one())


def an_event(api: Api) -> dict[str, Any]:
    """An event row kept from delivery (the tests only count it)."""
    return event_row(api.tenant, "employee.created", {}, fan_out=False)


def reruns_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "runs again" in r.getMessage()]


@pytest.fixture(autouse=True)
def debug_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="pulse.kit.routing")


async def test_a_post_writes_entry_event_and_stored_answer_together(
    api: Api, tenants: Tenants, caplog: pytest.LogCaptureFixture
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
    if POSTGRES_ADMIN_URL:
        assert reruns_of(caplog) == []  # the one statement wrote it
    again = await post(api, employee["id"], key="one")
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content
    assert await rows(api, tenants, status_log) == 1
    assert await rows(api, tenants, idempotency_keys) == 1


async def test_a_post_without_a_key_takes_one_statement_too(
    api: Api, tenants: Tenants, caplog: pytest.LogCaptureFixture
) -> None:
    employee = await api.create_employee()
    response = await post(api, employee["id"])
    assert response.status_code == 201, response.text
    assert await rows(api, tenants, status_log) == 1
    assert await rows(api, tenants, events) == 2
    assert await rows(api, tenants, idempotency_keys) == 0
    if POSTGRES_ADMIN_URL:
        assert reruns_of(caplog) == []


async def test_a_second_entry_for_the_day_is_409_and_writes_nothing(
    api: Api, tenants: Tenants, caplog: pytest.LogCaptureFixture
) -> None:
    employee = await api.create_employee()
    assert (await post(api, employee["id"])).status_code == 201
    taken = await post(api, employee["id"], key="dup", lines=["Again."])
    assert_error(taken, 409, "conflict", ["date"])
    assert await rows(api, tenants, status_log) == 1
    assert await rows(api, tenants, events) == 2
    # The 409 is the key's stored answer, as for any create.
    replayed = await post(api, employee["id"], key="dup", lines=["Again."])
    assert replayed.status_code == 409
    assert replayed.headers["idempotent-replayed"] == "true"
    if POSTGRES_ADMIN_URL:
        assert reruns_of(caplog)[0].endswith("a constraint refused the rows")


async def test_a_duplicate_without_a_key_runs_again_for_its_409(
    api: Api, tenants: Tenants, caplog: pytest.LogCaptureFixture
) -> None:
    employee = await api.create_employee()
    assert (await post(api, employee["id"])).status_code == 201
    caplog.clear()
    assert_error(await post(api, employee["id"]), 409, "conflict", ["date"])
    assert await rows(api, tenants, status_log) == 1
    if POSTGRES_ADMIN_URL:
        # The unique index refused the one statement; the transaction names the rule.
        assert reruns_of(caplog) == [
            "POST /v1/status-log runs again in a transaction: a constraint refused the rows"
        ]


async def test_an_error_without_a_key_is_answered_at_once(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    response = await post(api, "emp_unknown")
    assert_error(response, 404, "not_found", ["employee_id"])
    assert reruns_of(caplog) == []


async def test_an_error_with_a_key_is_stored_by_the_transaction(
    api: Api, tenants: Tenants, caplog: pytest.LogCaptureFixture
) -> None:
    first = await post(api, "emp_unknown", key="missing")
    assert_error(first, 404, "not_found", ["employee_id"])
    again = await post(api, "emp_unknown", key="missing")
    assert again.status_code == 404
    assert again.headers["idempotent-replayed"] == "true"
    assert await rows(api, tenants, idempotency_keys) == 1
    if POSTGRES_ADMIN_URL:
        assert reruns_of(caplog)[0].endswith("NotFound with an Idempotency-Key")


async def test_the_same_key_for_another_body_is_409(api: Api, tenants: Tenants) -> None:
    employee = await api.create_employee()
    assert (await post(api, employee["id"], key="k")).status_code == 201
    other = await post(api, employee["id"], key="k", lines=["Something else."])
    assert_error(other, 409, "conflict", ["Idempotency-Key"])
    assert await rows(api, tenants, status_log) == 1


async def test_a_rerun_counts_once_against_the_rate_limit(api: Api) -> None:
    employee = await api.create_employee()
    first = await post(api, employee["id"], key="a")
    rerun = await post(api, employee["id"], key="a")  # replayed by the transaction
    assert rerun.headers["idempotent-replayed"] == "true"
    remaining = int(first.headers["x-ratelimit-remaining"])
    assert int(rerun.headers["x-ratelimit-remaining"]) == remaining - 1


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


async def test_a_workload_checkin_takes_the_same_path(
    api: Api, tenants: Tenants, caplog: pytest.LogCaptureFixture
) -> None:
    employee = await api.create_employee()
    body = {"employee_id": employee["id"], "week_start": "2024-05-06", "level": "balanced"}
    created = await api.post("/v1/workload-checkins", json=body, headers={"Idempotency-Key": "w"})
    assert created.status_code == 201, created.text
    if POSTGRES_ADMIN_URL:
        assert reruns_of(caplog) == []
    taken = await api.post("/v1/workload-checkins", json=body)
    assert_error(taken, 409, "conflict", ["week_start"])


@pytest.mark.postgres_only  # deferring writes is PostgreSQL's path
async def test_a_collecting_connection_refuses_writes_and_locks(api: Api, tenants: Tenants) -> None:
    uow = UnitOfWork(tenants.engine, write=True, deferred=True)
    try:
        conn = await uow.connection()
        with pytest.raises(NeedsTransaction):
            await conn.execute(insert(events).values(**an_event(api)))
        with pytest.raises(NeedsTransaction):
            await lock_for_transaction(conn, api.tenant, "allowance")
    finally:
        await uow.close()
    assert await rows(api, tenants, events) == 0
    # The pooled connection forgets it collected: its next user writes as usual.
    async with tenants.engine.connect() as conn:
        assert PENDING not in conn.info


@pytest.mark.postgres_only  # the one statement is PostgreSQL's
async def test_a_broken_constraint_writes_no_claim(api: Api, tenants: Tenants) -> None:
    event = an_event(api)
    record = {
        "workspace_id": api.tenant.workspace_id,
        "environment": api.tenant.environment.value,
        "api_key_id": api.key_id,
        "key": "broken",
        "fingerprint": "f" * 64,
        "status_code": 201,
        "response_body": b"{}",
        "created_at": utcnow(),
        "expires_at": utcnow(),
    }
    async with transaction(tenants.engine, write=True) as conn:
        await conn.execute(insert(events).values(**event))
    async with tenants.engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        with pytest.raises(IntegrityError):
            await claim_then_insert(conn, "lock", (idempotency_keys, record), [(events, event)])
    assert await rows(api, tenants, idempotency_keys) == 0


async def test_an_employee_create_takes_the_same_path(
    api: Api, tenants: Tenants, caplog: pytest.LogCaptureFixture
) -> None:
    created = await api.post(
        "/v1/employees",
        json={"full_name": "Ada Lovelace", "start_date": "2024-01-15", "email": "ada@example.com"},
        headers={"Idempotency-Key": "e"},
    )
    assert created.status_code == 201, created.text
    if POSTGRES_ADMIN_URL:
        assert reruns_of(caplog) == []
    same_email = await api.post(
        "/v1/employees",
        json={"full_name": "Ada Again", "start_date": "2024-01-15", "email": "ada@example.com"},
    )
    assert_error(same_email, 409, "conflict", ["email"])
    assert await rows(api, tenants, events) == 1


async def test_kudos_keep_their_transaction_for_the_allowance_lock(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    giver = await api.create_employee()
    receiver = await api.create_employee(full_name="Grace Hopper")
    caplog.clear()
    given = await api.post(
        "/v1/kudos",
        json={
            "from_employee_id": giver["id"],
            "to_employee_id": receiver["id"],
            "coins": 1,
            "tag": "craft",
        },
    )
    assert given.status_code == 201, given.text
    # Not marked: marking it would only add a try that its lock always refuses.
    assert reruns_of(caplog) == []
