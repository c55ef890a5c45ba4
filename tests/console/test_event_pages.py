"""`/developers/events`: the event log with the API's filters and cursor, an event's
payload and deliveries, and replays to every subscribed endpoint or to one."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.db.session import reading, transaction
from pulse.db.tables import webhook_deliveries
from pulse.members.roles import Role
from tests.console.pages import audit_entries, counts, create_endpoint
from tests.support.api import Tenants
from tests.support.console import signed_in
from tests.support.webhook_records import NOWHERE

# The fan-out and the delivery engine serve every tenant: start with an empty queue.
pytestmark = pytest.mark.usefixtures("quiet_queue")

EVENT_ROW = '<td><a href="/developers/events/'


def first_event_id(html: str) -> str:
    """The id of the first event an event-log page lists."""
    return html.split(EVENT_ROW)[1].split('"')[0]


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


async def _deliveries_of(engine: AsyncEngine, event_id: str) -> list[dict[str, object]]:
    async with reading(engine) as db:
        rows = await db.execute(
            select(webhook_deliveries)
            .where(webhook_deliveries.c.event_id == event_id)
            .order_by(webhook_deliveries.c.id)
        )
        return [dict(row) for row in rows.mappings()]


async def test_the_log_filters_by_type_dates_and_failures_and_pages(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = await tenants.workspace()
    api = await tenants.key(workspace)
    first = await api.create_employee(full_name="Ada Lovelace")
    await api.create_employee(full_name="Grace Hopper")
    changed = await api.patch(f"/v1/employees/{first['id']}", json={"role": "Analyst"})
    assert changed.status_code == 200, changed.text
    viewer = await signed_in(app, engine, workspace, Role.viewer)

    every = await viewer.get("/developers/events")
    assert every.status_code == 200
    assert every.text.count(EVENT_ROW) == 3
    assert "3 events." in every.text

    updated = await viewer.get("/developers/events", params={"type": "employee.updated"})
    assert updated.text.count(EVENT_ROW) == 1
    assert '<option value="employee.updated" selected>' in updated.text

    today = _today()
    tomorrow = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    ranges = {
        (today, today): 3,
        (tomorrow, ""): 0,
        ("", yesterday): 0,
        (yesterday, tomorrow): 3,
    }
    for (start, end), expected in ranges.items():
        answer = await viewer.get(
            "/developers/events", params={"created_from": start, "created_to": end}
        )
        assert answer.status_code == 200
        assert answer.text.count(EVENT_ROW) == expected, (start, end)

    # Only events with a failed delivery.
    assert (await viewer.get("/developers/events", params={"failed": "1"})).text.count(
        EVENT_ROW
    ) == 0
    admin = await signed_in(app, engine, workspace, Role.admin)
    endpoint_id = await create_endpoint(admin, NOWHERE)
    await admin.post_form(f"/developers/webhooks/{endpoint_id}/test", {})
    async with transaction(engine) as db:
        await db.execute(
            update(webhook_deliveries)
            .where(webhook_deliveries.c.endpoint_id == endpoint_id)
            .values(status="failed", last_error="refused")
        )
    failed = await viewer.get("/developers/events", params={"failed": "1"})
    assert failed.text.count(EVENT_ROW) == 1
    assert "webhook_endpoint.test" in failed.text

    bad = await viewer.get("/developers/events", params={"created_from": "2026-13-45"})
    assert bad.status_code == 400
    assert 'class="error" role="alert"' in bad.text
    assert "created_from" in bad.text
    tampered = await viewer.get("/developers/events", params={"cursor": "not-a-cursor"})
    assert tampered.status_code == 400
    assert "Invalid cursor" in tampered.text

    # Pages of the API's cursor, the filters kept across them.
    monkeypatch.setattr("pulse.console.events.PAGE_SIZE", 1)
    seen: list[str] = []
    links: list[str] = []
    page = await viewer.get("/developers/events?type=employee.created")
    while True:
        assert page.status_code == 200
        assert page.text.count(EVENT_ROW) == 1
        seen.append(first_event_id(page.text))
        if 'rel="next"' not in page.text:
            break
        link = page.text.split('" rel="next"')[0].rsplit('href="', 1)[1].replace("&amp;", "&")
        assert "type=employee.created" in link
        links.append(link)
        page = await viewer.get(link)
        assert 'href="/developers/events?type=employee.created">First page' in page.text
    assert len(seen) == 2 and len(set(seen)) == 2
    assert len(links) == 1
    # A cursor made for other filters is refused, as the API refuses it.
    cursor = links[0].split("cursor=")[1]
    other = await viewer.get("/developers/events", params={"cursor": cursor})
    assert other.status_code == 400
    assert "other filters" in other.text
    await viewer.http.aclose()
    await admin.http.aclose()


async def test_an_event_page_shows_its_payload_escaped_and_its_deliveries(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    api = await tenants.key(workspace)
    members = {role: await signed_in(app, engine, workspace, role) for role in Role}
    endpoint_id = await create_endpoint(members[Role.admin], NOWHERE, "employee.created")
    employee = await api.create_employee(full_name='<img src=x onerror="alert(1)">')
    listed = await members[Role.viewer].get("/developers/events")
    event_id = first_event_id(listed.text)

    for role, member in members.items():
        page = await member.get(f"/developers/events/{event_id}")
        assert page.status_code == 200
        assert "<img" not in page.text
        assert "&lt;img src=x onerror=\\&#34;alert(1)\\&#34;&gt;" in page.text
        assert f"&#34;id&#34;: &#34;{employee['id']}&#34;" in page.text
        assert "\n  &#34;full_name&#34;" in page.text  # pretty-printed
        replays = f'action="/developers/events/{event_id}/replay"' in page.text
        assert replays is (role is not Role.viewer), role

    # The fan-out runs in the worker; the replay makes a delivery now.
    admin = members[Role.admin]
    answer = await admin.post_form(f"/developers/events/{event_id}/replay", {"endpoint_id": ""})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/developers/events/{event_id}"
    [delivery] = await _deliveries_of(engine, event_id)
    assert delivery["endpoint_id"] == endpoint_id
    page = await members[Role.viewer].get(f"/developers/events/{event_id}")
    assert f"<code>{delivery['id']}</code>" in page.text
    assert f'href="/developers/webhooks/{endpoint_id}"' in page.text
    assert "No attempt yet." in page.text
    for member in members.values():
        await member.http.aclose()


async def test_replay_to_every_subscribed_endpoint_or_to_one(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    api = await tenants.key(workspace)
    owner = await signed_in(app, engine, workspace, Role.owner)
    subscribed = await create_endpoint(owner, NOWHERE, "employee.created")
    everything = await create_endpoint(owner, "http://127.0.0.1:9/all")
    other = await create_endpoint(owner, "http://127.0.0.1:9/other", "leave.logged")
    await api.create_employee()
    listed = await owner.get("/developers/events", params={"type": "employee.created"})
    event_id = first_event_id(listed.text)

    page = await owner.get(f"/developers/events/{event_id}")
    for endpoint_id in (subscribed, everything, other):
        assert f'<option value="{endpoint_id}">' in page.text

    await owner.post_form(f"/developers/events/{event_id}/replay", {"endpoint_id": ""})
    reached = sorted(str(d["endpoint_id"]) for d in await _deliveries_of(engine, event_id))
    assert reached == sorted([subscribed, everything])
    # To one, even one not subscribed to the type.
    await owner.post_form(f"/developers/events/{event_id}/replay", {"endpoint_id": other})
    reached = [str(d["endpoint_id"]) for d in await _deliveries_of(engine, event_id)]
    assert reached.count(other) == 1 and len(reached) == 3

    entries = [e for e in await audit_entries(engine, workspace) if e["action"] == "event.replayed"]
    assert [entry["target"] for entry in entries] == [event_id, event_id]
    assert entries[0]["details"]["endpoint_id"] == "every subscribed endpoint"
    assert len(entries[0]["details"]["deliveries"]) == 2
    assert entries[1]["details"]["endpoint_id"] == other
    assert all(entry["ip"] == "127.0.0.1" for entry in entries)
    await owner.http.aclose()


async def test_viewers_and_strangers_cannot_replay(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    api = await tenants.key(workspace)
    admin = await signed_in(app, engine, workspace, Role.admin)
    viewer = await signed_in(app, engine, workspace, Role.viewer)
    endpoint_id = await create_endpoint(admin, NOWHERE)
    await api.create_employee()
    listed = await viewer.get("/developers/events")
    event_id = first_event_id(listed.text)
    before = await counts(engine, workspace)

    path = f"/developers/events/{event_id}/replay"
    assert (await viewer.post_form(path, {"endpoint_id": endpoint_id})).status_code == 403
    assert (await admin.http.post(path, data={"endpoint_id": endpoint_id})).status_code == 403
    forged = await admin.http.post(path, data={"csrf_token": "forged", "endpoint_id": ""})
    assert forged.status_code == 403

    stranger = await signed_in(app, engine, await tenants.workspace(), Role.owner)
    assert (await stranger.get(f"/developers/events/{event_id}")).status_code == 404
    assert (await stranger.post_form(path, {"endpoint_id": ""})).status_code == 404
    assert event_id not in (await stranger.get("/developers/events")).text
    # Their event, our endpoint: neither is the other's.
    assert (
        await stranger.post_form(
            f"/developers/webhooks/{endpoint_id}/replay", {"event_id": event_id}
        )
    ).status_code == 404
    # An endpoint of another workspace named in our replay is not found either.
    their_endpoint = await create_endpoint(stranger, NOWHERE)
    refused = await admin.post_form(path, {"endpoint_id": their_endpoint})
    assert refused.status_code == 404
    assert await counts(engine, workspace) == before
    for member in (admin, viewer, stranger):
        await member.http.aclose()


async def test_an_employee_change_shows_each_field_from_and_to(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    api = await tenants.key(workspace)
    viewer = await signed_in(app, engine, workspace, Role.viewer)
    employee = await api.create_employee(role="Engineer")
    changed = await api.patch(
        f"/v1/employees/{employee['id']}", json={"role": "<b>Lead</b>", "location": "Oslo"}
    )
    assert changed.status_code == 200, changed.text
    listed = await viewer.get("/developers/events", params={"type": "employee.updated"})
    page = await viewer.get(f"/developers/events/{first_event_id(listed.text)}")
    assert page.status_code == 200
    assert page.text.count('<tr class="change">') == 2
    assert (
        '<th scope="row"><code>role</code></th><td><code>&#34;Engineer&#34;</code></td>'
        "<td><code>&#34;&lt;b&gt;Lead&lt;/b&gt;&#34;</code></td>"
    ) in page.text
    assert "<td><code>null</code></td><td><code>&#34;Oslo&#34;</code></td>" in page.text
    created = await viewer.get("/developers/events", params={"type": "employee.created"})
    plain = await viewer.get(f"/developers/events/{first_event_id(created.text)}")
    assert 'class="change"' not in plain.text
    await viewer.http.aclose()
