"""Idempotency-Key: retries replay, never repeat; concurrent first uses make one change."""

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import func, select, update
from starlette.responses import Response

from pulse.db.session import Session, reading, transaction
from pulse.db.tables import events, idempotency_keys
from pulse.kit import idempotency
from pulse.kit.clock import utcnow
from tests.support.api import Api, Tenants, assert_error

BODY = {"full_name": "Ada Lovelace", "start_date": "2024-01-15"}


async def count(api: Api, tenants: Tenants) -> int:
    """How many events the tenant has."""
    async with reading(tenants.engine) as conn:
        query = select(func.count()).where(
            events.c.workspace_id == api.tenant.workspace_id,
            events.c.environment == api.tenant.environment.value,
        )
        return int((await conn.execute(query)).scalar_one())


async def post(api: Api, key: str, body: Any = BODY) -> httpx.Response:
    return await api.post("/v1/employees", json=body, headers={"Idempotency-Key": key})


async def test_a_retry_replays_the_first_answer(api: Api, tenants: Tenants) -> None:
    first = await post(api, "k1")
    assert first.status_code == 201
    assert "idempotent-replayed" not in first.headers
    again = await post(api, "k1")
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["x-request-id"] != first.headers["x-request-id"]
    assert (await api.get("/v1/employees")).json()["total_count"] == 1
    assert await count(api, tenants) == 1


async def test_another_request_with_the_same_key_is_409(api: Api) -> None:
    await post(api, "k2")
    other_body = await post(api, "k2", {**BODY, "full_name": "Someone Else"})
    error = assert_error(other_body, 409, "conflict", ["Idempotency-Key"])
    assert "different request" in error["message"]
    assert "retry-after" not in other_body.headers
    employee_id = (await api.get("/v1/employees")).json()["data"][0]["id"]
    other_path = await api.delete(f"/v1/employees/{employee_id}", headers={"Idempotency-Key": "k2"})
    assert_error(other_path, 409, "conflict", ["Idempotency-Key"])


async def test_keys_belong_to_their_api_key(tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    first, second = await tenants.key(workspace), await tenants.key(workspace)
    a = await post(first, "shared")
    b = await post(second, "shared")
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]


async def test_validation_failures_are_not_stored(api: Api) -> None:
    bad = await post(api, "k3", {"full_name": "Ada"})
    assert_error(bad, 400, "invalid_request", ["start_date"])
    good = await post(api, "k3")
    assert good.status_code == 201
    assert "idempotent-replayed" not in good.headers


async def test_semantic_errors_are_stored_and_replayed(api: Api) -> None:
    body = {**BODY, "end_date": "2020-01-01"}
    first = await post(api, "k4", body)
    assert_error(first, 422, "unprocessable_entity", ["end_date"])
    again = await post(api, "k4", body)
    assert again.status_code == 422
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()


async def test_delete_replays_too(api: Api, tenants: Tenants) -> None:
    employee = await api.create_employee()
    url = f"/v1/employees/{employee['id']}"
    first = await api.delete(url, headers={"Idempotency-Key": "off"})
    again = await api.delete(url, headers={"Idempotency-Key": "off"})
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert await count(api, tenants) == 2  # created + offboarded


@pytest.mark.parametrize("key", ["", "x" * 256])
async def test_key_length_is_checked(api: Api, key: str) -> None:
    assert_error(await post(api, key), 400, "invalid_request", ["Idempotency-Key"])


async def test_a_255_character_key_is_fine(api: Api) -> None:
    assert (await post(api, "k" * 255)).status_code == 201


async def test_twenty_concurrent_first_uses_make_one_employee(api: Api, tenants: Tenants) -> None:
    responses = await asyncio.gather(*(post(api, "race") for _ in range(20)))
    assert {response.status_code for response in responses} == {201}
    assert len({response.text for response in responses}) == 1
    assert sum("idempotent-replayed" not in r.headers for r in responses) == 1
    assert (await api.get("/v1/employees")).json()["total_count"] == 1
    assert await count(api, tenants) == 1


async def _change_record(api: Api, tenants: Tenants, key: str, **values: Any) -> None:
    async with transaction(tenants.engine) as conn:
        await conn.execute(
            update(idempotency_keys)
            .where(
                idempotency_keys.c.workspace_id == api.tenant.workspace_id,
                idempotency_keys.c.key == key,
            )
            .values(**values)
        )


async def test_a_record_left_in_flight_is_taken_over(api: Api, tenants: Tenants) -> None:
    # Claims live inside their request's transaction, so a committed record still marked
    # in flight can only have been claimed outside one: nobody is running it.
    first = await post(api, "dead")
    assert first.status_code == 201
    await _change_record(
        api, tenants, "dead", status_code=idempotency.IN_FLIGHT, response_body=None
    )
    retried = await post(api, "dead")
    assert retried.status_code == 201
    assert "idempotent-replayed" not in retried.headers


def _claim_of(api: Api, key: str, body: bytes) -> idempotency.IdempotencyKey:
    digest = idempotency.fingerprint("POST", "/v1/employees", "", body)
    return idempotency.IdempotencyKey(api.tenant, api.key_id, key, digest)


async def _post_raw(api: Api, key: str, body: bytes) -> httpx.Response:
    headers = {"Idempotency-Key": key, "Content-Type": "application/json"}
    return await api.post("/v1/employees", content=body, headers=headers)


RAW_BODY = orjson.dumps(BODY)


@pytest.mark.postgres_only  # SQLite runs write transactions one at a time: none is in flight
async def test_a_request_still_in_flight_is_409(
    api: Api, tenants: Tenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(idempotency, "WAIT_FOR_FIRST_SECONDS", 0.3)
    first = Session(tenants.engine)
    first.begin()
    try:
        await idempotency.claim(first, _claim_of(api, "busy", RAW_BODY))  # and still running
        busy = await _post_raw(api, "busy", RAW_BODY)
    finally:
        await first.close()
    error = assert_error(busy, 409, "conflict", ["Idempotency-Key"])
    assert "in flight" in error["message"]
    assert busy.headers["retry-after"] == "1"  # the one 409 worth retrying
    assert (await api.get("/v1/employees")).json()["total_count"] == 0
    # The first rolled back (it died): its claim went with it, and the key is free.
    assert (await _post_raw(api, "busy", RAW_BODY)).status_code == 201


async def test_a_concurrent_retry_waits_for_the_first_and_replays_it(
    api: Api, tenants: Tenants
) -> None:
    first = Session(tenants.engine)
    first.begin()
    claim = _claim_of(api, "slow", RAW_BODY)
    answer = b'{"id":"emp_first"}'
    try:
        await idempotency.claim(first, claim)
        retry = asyncio.create_task(_post_raw(api, "slow", RAW_BODY))
        await asyncio.sleep(0.3)
        assert not retry.done()
        await idempotency.store_answer(first, claim, Response(answer, status_code=201))
        await first.commit()
    finally:
        await first.close()
    replayed = await asyncio.wait_for(retry, timeout=10)
    assert replayed.status_code == 201
    assert replayed.headers["idempotent-replayed"] == "true"
    assert replayed.content == answer
    assert (await api.get("/v1/employees")).json()["total_count"] == 0


async def test_a_request_that_fails_leaves_no_claim_behind(
    api: Api, tenants: Tenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Offboarding claims its key first, in its transaction; then the change fails.
    employee_id = (await post(api, "hire")).json()["id"]

    async def crash(*_: Any, **__: Any) -> None:
        raise RuntimeError("the change could not be written")

    def offboard() -> Any:
        return api.delete(f"/v1/employees/{employee_id}", headers={"Idempotency-Key": "crash"})

    with monkeypatch.context() as patched:
        patched.setattr("pulse.employees.service.record_event", crash)
        failed = await offboard()
    assert_error(failed, 500, "internal_error")
    async with reading(tenants.engine) as db:
        query = select(func.count()).where(idempotency_keys.c.key == "crash")
        assert (await db.execute(query)).scalar_one() == 0
    assert (await api.get(f"/v1/employees/{employee_id}")).json()["status"] == "active"
    retried = await offboard()
    assert retried.status_code == 200
    assert retried.json()["status"] == "former"
    assert "idempotent-replayed" not in retried.headers


async def test_records_expire_after_24_hours(api: Api, tenants: Tenants) -> None:
    first = await post(api, "old")
    await _change_record(api, tenants, "old", expires_at=utcnow() - timedelta(seconds=1))
    again = await post(api, "old")
    assert again.status_code == 201
    assert again.json()["id"] != first.json()["id"]


async def test_expired_records_are_purged(api: Api, tenants: Tenants) -> None:
    await post(api, "purge-me")
    await post(api, "keep-me", {**BODY, "full_name": "Kept"})
    await _change_record(api, tenants, "purge-me", expires_at=utcnow() - timedelta(seconds=1))
    assert await idempotency.purge_expired(tenants.engine) >= 1
    async with reading(tenants.engine) as conn:
        keys = (
            await conn.execute(
                select(idempotency_keys.c.key).where(
                    idempotency_keys.c.workspace_id == api.tenant.workspace_id
                )
            )
        ).scalars()
        assert list(keys) == ["keep-me"]
