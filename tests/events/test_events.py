"""Events: the log as webhooks see it, its filters, replays to endpoints, the catalogue."""

from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from sqlalchemy import insert, select, update

from pulse.core.tenancy import Tenant
from pulse.db.session import reading, transaction
from pulse.db.tables import events, webhook_deliveries
from pulse.events.catalogue import CATALOGUE, EventType
from pulse.events.documents import event_body
from pulse.events.outbox import record_event
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id
from tests.support.api import Api, Tenants, assert_error
from tests.support.webhook_records import add_endpoint as add_endpoint_record


async def add_endpoint(
    tenants: Tenants, tenant: Tenant, events_: tuple[str, ...] = ("*",), *, enabled: bool = True
) -> str:
    return str((await add_endpoint_record(tenants, tenant, events=events_, enabled=enabled))["id"])


async def add_delivery(
    tenants: Tenants, tenant: Tenant, event_id: str, endpoint_id: str, status: str
) -> None:
    """A delivery of the event that has already reached `status`."""
    now = utcnow()
    async with transaction(tenants.engine) as conn:
        await conn.execute(
            insert(webhook_deliveries).values(
                workspace_id=tenant.workspace_id,
                environment=tenant.environment.value,
                id=new_id("del"),
                endpoint_id=endpoint_id,
                event_id=event_id,
                event_type="employee.created",
                status=status,
                attempt_count=1,
                next_attempt_at=None,
                lease_expires_at=None,
                deadline_at=now,
                last_error="HTTP 500" if status == "failed" else None,
                created_at=now,
                completed_at=now,
            )
        )


async def deliveries_of(tenants: Tenants, tenant: Tenant, event_id: str) -> list[dict[str, Any]]:
    async with reading(tenants.engine) as conn:
        query = (
            select(webhook_deliveries)
            .where(
                webhook_deliveries.c.workspace_id == tenant.workspace_id,
                webhook_deliveries.c.environment == tenant.environment.value,
                webhook_deliveries.c.event_id == event_id,
            )
            .order_by(webhook_deliveries.c.id)
        )
        return [dict(row) for row in (await conn.execute(query)).mappings()]


async def stored_event(tenants: Tenants, event_id: str) -> dict[str, Any]:
    async with reading(tenants.engine) as conn:
        row = (await conn.execute(select(events).where(events.c.id == event_id))).mappings().one()
        return dict(row)


async def set_created_at(tenants: Tenants, event_id: str, moment: datetime) -> None:
    async with transaction(tenants.engine) as conn:
        await conn.execute(update(events).where(events.c.id == event_id).values(created_at=moment))


async def listed(api: Api, **params: Any) -> list[str]:
    response = await api.get("/v1/events", params=params)
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total_count"] == len(page["data"])
    return [event["id"] for event in page["data"]]


async def hire(api: Api) -> str:
    """A new employee's `employee.created` event id."""
    employee = await api.create_employee()
    events_ = (await api.get("/v1/events", params={"type": "employee.created"})).json()["data"]
    return next(event["id"] for event in events_ if event["data"]["id"] == employee["id"])


# The log


async def test_events_are_shown_exactly_as_webhooks_receive_them(
    api: Api, tenants: Tenants
) -> None:
    employee = await api.create_employee()
    changed = (await api.patch(f"/v1/employees/{employee['id']}", json={"role": "CTO"})).json()
    response = await api.get("/v1/events")
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total_count"] == 2 and page["next_cursor"] is None
    created, updated = page["data"]
    assert (created["type"], created["data"]) == ("employee.created", employee)
    previous = {"previous_attributes": {"role": None}}
    assert (updated["type"], updated["data"]) == ("employee.updated", changed | previous)
    for event in page["data"]:
        assert event["id"].startswith("evt_")
        assert event == orjson.loads(event_body(await stored_event(tenants, event["id"])))
        assert (await api.get(f"/v1/events/{event['id']}")).json() == event


async def test_events_page_by_id(api: Api) -> None:
    made = [await hire(api) for _ in range(3)]
    first = (await api.get("/v1/events", params={"limit": 2})).json()
    assert [e["id"] for e in first["data"]] == made[:2] and first["total_count"] == 3
    second = await api.get("/v1/events", params={"limit": 2, "cursor": first["next_cursor"]})
    assert [e["id"] for e in second.json()["data"]] == made[2:]
    assert second.json()["next_cursor"] is None
    other_list = await api.get("/v1/employees", params={"cursor": first["next_cursor"]})
    assert_error(other_list, 400, "invalid_request", ["cursor"])


async def test_filter_by_type(api: Api) -> None:
    employee = await api.create_employee()
    await api.delete(f"/v1/employees/{employee['id']}")
    offboarded = await listed(api, type="employee.offboarded")
    assert len(offboarded) == 1
    assert len(await listed(api, type="employee.created")) == 1
    assert await listed(api, type="leave.logged") == []
    assert_error(
        await api.get("/v1/events", params={"type": "employee.hired"}),
        400,
        "invalid_request",
        ["type"],
    )


async def test_the_created_range_is_inclusive_of_the_times_shown(
    api: Api, tenants: Tenants
) -> None:
    early, shown_at_ten, late = [await hire(api) for _ in range(3)]
    # Times are kept in whole seconds, as the API shows them.
    await set_created_at(tenants, early, datetime(2026, 1, 1, 9, 59, 59, tzinfo=UTC))
    await set_created_at(tenants, shown_at_ten, datetime(2026, 1, 1, 10, 0, 0, tzinfo=UTC))
    await set_created_at(tenants, late, datetime(2026, 1, 1, 10, 0, 1, tzinfo=UTC))
    assert (await api.get(f"/v1/events/{shown_at_ten}")).json()["created_at"] == (
        "2026-01-01T10:00:00Z"
    )

    ten = "2026-01-01T10:00:00Z"
    assert await listed(api, created_from=ten, created_to=ten) == [shown_at_ten]
    assert await listed(api, created_from=ten) == [shown_at_ten, late]
    assert await listed(api, created_to=ten) == [early, shown_at_ten]
    assert await listed(api, created_from="2026-01-01T12:00:00+02:00") == [shown_at_ten, late]
    assert await listed(api, created_from="2026-01-01T10:00:00.5Z") == [late]
    assert await listed(api, created_to="2026-01-01T09:59:59.9Z") == [early]
    response = await api.get("/v1/events", params={"created_from": "2026-01-01T10:00:00"})
    assert_error(response, 400, "invalid_request", ["created_from"])


async def test_filter_by_failed_delivery(api: Api, tenants: Tenants) -> None:
    failed_once, succeeded, pending, undelivered = [await hire(api) for _ in range(4)]
    endpoint = await add_endpoint(tenants, api.tenant)
    await add_delivery(tenants, api.tenant, failed_once, endpoint, "failed")
    await add_delivery(tenants, api.tenant, failed_once, endpoint, "succeeded")
    await add_delivery(tenants, api.tenant, succeeded, endpoint, "succeeded")
    await add_delivery(tenants, api.tenant, pending, endpoint, "pending")
    # Another tenant's row naming our event id must not count.
    stranger = (await tenants.new()).tenant
    await add_delivery(tenants, stranger, succeeded, "we_foreign", "failed")

    assert await listed(api, delivery_failed="true") == [failed_once]
    assert await listed(api, delivery_failed="false") == [succeeded, pending, undelivered]
    assert len(await listed(api)) == 4
    response = await api.get("/v1/events", params={"delivery_failed": "maybe"})
    assert_error(response, 400, "invalid_request", ["delivery_failed"])


async def test_unknown_filters_are_refused(api: Api) -> None:
    response = await api.get("/v1/events", params={"event_type": "employee.created"})
    assert_error(response, 400, "invalid_request", ["event_type"])


async def test_an_unknown_event_is_404(api: Api) -> None:
    assert_error(await api.get("/v1/events/evt_nope"), 404, "not_found")


# Replays


async def test_a_replay_to_a_named_endpoint_ignores_its_subscriptions(
    api: Api, tenants: Tenants
) -> None:
    event_id = await hire(api)
    before = (await api.get(f"/v1/events/{event_id}")).json()
    endpoint = await add_endpoint(tenants, api.tenant, ("leave.logged",))
    await add_endpoint(tenants, api.tenant, ("*",))

    response = await api.post(f"/v1/events/{event_id}/replay", json={"endpoint_id": endpoint})
    assert response.status_code == 202, response.text
    (delivery,) = response.json()["data"]
    assert delivery["id"].startswith("del_")
    assert (delivery["endpoint_id"], delivery["event_id"]) == (endpoint, event_id)
    assert delivery["event_type"] == "employee.created"
    assert (delivery["status"], delivery["attempt_count"], delivery["attempts"]) == (
        "pending",
        0,
        [],
    )
    rows = await deliveries_of(tenants, api.tenant, event_id)
    assert [(row["id"], row["endpoint_id"], row["status"]) for row in rows] == [
        (delivery["id"], endpoint, "pending")
    ]
    assert (await api.get(f"/v1/events/{event_id}")).json() == before
    assert len(await listed(api)) == 1


@pytest.mark.parametrize("body", [None, {}, {"endpoint_id": None}], ids=["none", "empty", "null"])
async def test_a_replay_without_an_endpoint_goes_to_every_subscribed_one(
    api: Api, tenants: Tenants, body: dict[str, Any] | None
) -> None:
    event_id = await hire(api)
    everything = await add_endpoint(tenants, api.tenant, ("*",))
    this_type = await add_endpoint(tenants, api.tenant, ("kudos.awarded", "employee.created"))
    await add_endpoint(tenants, api.tenant, ("employee.updated",))
    await add_endpoint(tenants, api.tenant, ("*",), enabled=False)
    stranger = (await tenants.new()).tenant
    await add_endpoint(tenants, stranger, ("*",))

    kwargs = {} if body is None else {"json": body}
    response = await api.post(f"/v1/events/{event_id}/replay", **kwargs)
    assert response.status_code == 202, response.text
    answered = response.json()["data"]
    rows = await deliveries_of(tenants, api.tenant, event_id)
    assert sorted(row["endpoint_id"] for row in rows) == sorted([everything, this_type])
    assert {d["id"] for d in answered} == {row["id"] for row in rows}
    assert {row["status"] for row in rows} == {"pending"}


async def test_a_replay_with_no_subscriber_makes_no_delivery(api: Api, tenants: Tenants) -> None:
    event_id = await hire(api)
    await add_endpoint(tenants, api.tenant, ("leave.logged",))
    response = await api.post(f"/v1/events/{event_id}/replay")
    assert response.status_code == 202, response.text
    assert response.json() == {"data": []}
    assert await deliveries_of(tenants, api.tenant, event_id) == []


async def test_replay_errors(api: Api, tenants: Tenants) -> None:
    event_id = await hire(api)
    path = f"/v1/events/{event_id}/replay"
    disabled = await add_endpoint(tenants, api.tenant, enabled=False)
    foreign = await add_endpoint(tenants, (await tenants.new()).tenant)

    assert_error(await api.post("/v1/events/evt_nope/replay"), 404, "not_found", [])
    for unknown in ("we_nope", foreign):
        response = await api.post(path, json={"endpoint_id": unknown})
        assert_error(response, 404, "not_found", ["endpoint_id"])
    response = await api.post(path, json={"endpoint_id": disabled})
    assert_error(response, 422, "unprocessable_entity", ["endpoint_id"])
    response = await api.post(path, json={"endpoint_id": 7})
    assert_error(response, 400, "invalid_request", ["endpoint_id"])
    response = await api.post(path, json={"endpoint": disabled})
    assert_error(response, 400, "invalid_request", ["endpoint"])
    assert await deliveries_of(tenants, api.tenant, event_id) == []


async def test_a_test_event_replays_only_to_a_named_endpoint(api: Api, tenants: Tenants) -> None:
    endpoint = await add_endpoint(tenants, api.tenant, ("*",))
    async with transaction(tenants.engine) as conn:
        event = await record_event(conn, api.tenant, "webhook_endpoint.test", {"id": endpoint})
    event_id = event["id"]
    path = f"/v1/events/{event_id}/replay"

    assert_error(await api.post(path), 422, "unprocessable_entity", ["endpoint_id"])
    named = await api.post(path, json={"endpoint_id": endpoint})
    assert named.status_code == 202, named.text
    assert [d["endpoint_id"] for d in named.json()["data"]] == [endpoint]


async def test_a_replay_with_an_idempotency_key_happens_once(api: Api, tenants: Tenants) -> None:
    event_id = await hire(api)
    endpoint = await add_endpoint(tenants, api.tenant)
    path = f"/v1/events/{event_id}/replay"
    headers = {"Idempotency-Key": "replay-once"}

    first = await api.post(path, json={"endpoint_id": endpoint}, headers=headers)
    again = await api.post(path, json={"endpoint_id": endpoint}, headers=headers)
    assert first.status_code == again.status_code == 202
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert len(await deliveries_of(tenants, api.tenant, event_id)) == 1
    other = await api.post(path, headers=headers)
    assert_error(other, 409, "conflict", ["Idempotency-Key"])


async def test_personal_keys_cannot_replay_events(api: Api, tenants: Tenants) -> None:
    event_id = await hire(api)
    endpoint = await add_endpoint(tenants, api.tenant)
    me = await api.create_employee(full_name="Me")
    personal = await tenants.key(api.tenant.workspace_id, employee_id=me["id"])
    path = f"/v1/events/{event_id}/replay"
    assert (await personal.get(f"/v1/events/{event_id}")).status_code == 200

    for kwargs in ({}, {"json": {"endpoint_id": endpoint}}):
        error = assert_error(await personal.post(path, **kwargs), 403, "permission_denied", [])
        assert "Personal keys cannot replay events" in error["message"]
    assert await deliveries_of(tenants, api.tenant, event_id) == []
    replayed = await api.post(path, json={"endpoint_id": endpoint})
    assert replayed.status_code == 202, replayed.text


# The catalogue


async def test_event_types_are_the_catalogue(api: Api) -> None:
    response = await api.get("/v1/event-types")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "data": [
            {"type": t.type, "description": t.description, "schema": t.resource} for t in CATALOGUE
        ]
    }


async def test_every_payload_schema_is_in_the_openapi_document(api: Api) -> None:
    document = (await api.http.get("/v1/openapi.json")).json()
    components = document["components"]["schemas"]
    named = {entry["schema"] for entry in (await api.get("/v1/event-types")).json()["data"]}
    assert named - set(components) == set()


async def test_the_ecosystem_page_lists_the_catalogue_and_the_sdks(api: Api) -> None:
    response = await api.http.get("/ecosystem")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-request-id"].startswith("req_")
    page = response.text
    for event_type in CATALOGUE:
        assert f"<code>{event_type.type}</code>" in page
    for line in (
        "bun add @pulsehr/sdk",
        "pip install pulsehr",
        "go get github.com/pulsehr/pulsehr-go",
    ):
        assert line in page
    for detail in ("X-Pulse-Event", "X-Pulse-Delivery", "X-Pulse-Signature", "72 hours"):
        assert detail in page
    assert "<script" not in page
    assert "default-src 'none'" in response.headers["content-security-policy"]


async def test_the_ecosystem_page_escapes_what_it_shows(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = EventType("x.<b>bold</b>", "Fires when <script>alert(1)</script> runs.", "Nope")
    monkeypatch.setattr("pulse.console.pages.CATALOGUE", (hostile,))
    page = (await api.http.get("/ecosystem")).text
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "x.&lt;b&gt;bold&lt;/b&gt;" in page
