"""`/developers/webhooks`: endpoints made, changed and tested from the console, with the
API's rules, secrets shown once, deliveries to a real receiver, roles and audit."""

import json
import time
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.core.secrets import SecretBox
from pulse.db.session import reading, transaction
from pulse.db.tables import webhook_deliveries, webhook_endpoints
from pulse.members.roles import Role
from tests.console.pages import (
    audit_entries,
    counts,
    create_endpoint,
    deliver,
    endpoint_id_on,
    secret_on,
)
from tests.support.api import Tenants
from tests.support.console import csrf_of, signed_in
from tests.support.environment import SECRET_KEY
from tests.support.receiver import Receiver, Reply, running_receiver
from tests.support.webhook_records import NOWHERE
from tests.support.webhook_verifier import verify

# The delivery engine serves every tenant: start each test with an empty queue.
pytestmark = pytest.mark.usefixtures("quiet_queue")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


async def _stored(engine: AsyncEngine, endpoint_id: str) -> dict[str, object]:
    async with reading(engine) as db:
        row = (
            (
                await db.execute(
                    select(webhook_endpoints).where(webhook_endpoints.c.id == endpoint_id)
                )
            )
            .mappings()
            .one()
        )
    return dict(row)


async def test_create_test_and_replay_reach_a_real_receiver(
    app: FastAPI, engine: AsyncEngine, database_url: str, tenants: Tenants, receiver: Receiver
) -> None:
    workspace = await tenants.workspace()
    admin = await signed_in(app, engine, workspace, Role.admin)

    created = await admin.post_form(
        "/developers/webhooks",
        {"url": receiver.url, "event:employee.created": "on", "description": "Payroll sync"},
    )
    assert created.status_code == 201, created.text
    assert created.headers["cache-control"] == "no-store"
    assert "location" not in created.headers
    secret = secret_on(created)
    endpoint_id = endpoint_id_on(created)
    assert "shown only this once" in created.text
    # The copy button needs the console's script; without it the button stays hidden.
    assert '<script src="/developers/console.js" defer></script>' in created.text
    assert '<button type="button" data-copy="secret" hidden>Copy</button>' in created.text

    # Stored only encrypted, and the key of the run opens it.
    stored = await _stored(engine, endpoint_id)
    assert secret not in str(stored)
    assert SecretBox(SECRET_KEY).decrypt(str(stored["secret"])) == secret
    assert stored["events"] == ["employee.created"]
    assert stored["description"] == "Payroll sync"

    listed = await admin.get("/developers/webhooks")
    page = await admin.get(f"/developers/webhooks/{endpoint_id}")
    assert receiver.url in listed.text and receiver.url in page.text
    assert secret not in listed.text and secret not in page.text
    assert "No deliveries yet." in page.text

    sent = await admin.post_form(f"/developers/webhooks/{endpoint_id}/test", {})
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/developers/webhooks/{endpoint_id}"
    await deliver(engine, database_url)

    [first] = receiver.received
    event = json.loads(first.body)
    assert event["type"] == "webhook_endpoint.test"
    assert event["data"]["id"] == endpoint_id
    assert verify(first.body, first.headers["x-pulse-signature"], secret, int(time.time()))

    page = await admin.get(f"/developers/webhooks/{endpoint_id}")
    assert page.text.count('<tr class="attempt">') == 1
    assert '<td class="http-status">200</td>' in page.text
    assert " ms</td>" in page.text
    assert "succeeded" in page.text
    assert f'name="event_id" value="{event["id"]}"' in page.text

    replayed = await admin.post_form(
        f"/developers/webhooks/{endpoint_id}/replay", {"event_id": event["id"]}
    )
    assert replayed.status_code == 303
    await deliver(engine, database_url)

    assert len(receiver.received) == 2
    second = receiver.received[1]
    assert json.loads(second.body) == event  # the same event, under its own id
    assert second.headers["x-pulse-delivery"] != first.headers["x-pulse-delivery"]
    page = await admin.get(f"/developers/webhooks/{endpoint_id}")
    assert page.text.count('<tr class="attempt">') == 2
    # Newest first: the replay's delivery before the test's.
    assert page.text.index(second.headers["x-pulse-delivery"]) < page.text.index(
        first.headers["x-pulse-delivery"]
    )

    entries = await audit_entries(engine, workspace)
    assert [entry["action"] for entry in entries] == [
        "webhook_endpoint.created",
        "webhook_endpoint.test_sent",
        "event.replayed",
    ]
    member_id = entries[0]["actor"]
    assert member_id.startswith("mem")
    for entry in entries:
        assert entry["actor"] == member_id
        assert entry["ip"] == "127.0.0.1"
        assert entry["environment"] == "test"
    assert entries[0]["target"] == endpoint_id
    assert entries[1]["details"]["event_id"] == event["id"]
    assert entries[2]["target"] == event["id"]
    assert entries[2]["details"]["endpoint_id"] == endpoint_id
    assert entries[2]["details"]["deliveries"] == [second.headers["x-pulse-delivery"]]
    await admin.http.aclose()


async def test_edit_disable_enable_roll_and_delete(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    owner = await signed_in(app, engine, workspace, Role.owner)
    endpoint_id = await create_endpoint(owner, NOWHERE)
    first_secret = SecretBox(SECRET_KEY).decrypt(
        str((await _stored(engine, endpoint_id))["secret"])
    )
    path = f"/developers/webhooks/{endpoint_id}"

    edited = await owner.post_form(
        path,
        {
            "url": "http://127.0.0.1:10/other",
            "event:leave.logged": "on",
            "event:kudos.awarded": "on",
            "description": "Leave sync",
        },
    )
    assert edited.status_code == 303
    stored = await _stored(engine, endpoint_id)
    assert stored["url"] == "http://127.0.0.1:10/other"
    assert sorted(stored["events"]) == ["kudos.awarded", "leave.logged"]
    assert stored["description"] == "Leave sync"
    # Saved unchanged: nothing to record.
    again = await owner.post_form(
        path,
        {
            "url": "http://127.0.0.1:10/other",
            "event:leave.logged": "on",
            "event:kudos.awarded": "on",
            "description": "Leave sync",
        },
    )
    assert again.status_code == 303

    assert (await owner.post_form(f"{path}/disable", {})).status_code == 303
    assert (await _stored(engine, endpoint_id))["enabled"] is False
    page = await owner.get(path)
    assert "Enable</button>" in page.text
    refused = await owner.post_form(f"{path}/test", {})
    assert refused.status_code == 422
    assert "enable it first" in refused.text
    assert (await owner.post_form(f"{path}/enable", {})).status_code == 303
    assert (await _stored(engine, endpoint_id))["enabled"] is True

    rolled = await owner.post_form(f"{path}/roll-secret", {})
    assert rolled.status_code == 200
    assert rolled.headers["cache-control"] == "no-store"
    new_secret = secret_on(rolled)
    assert new_secret != first_secret
    stored = await _stored(engine, endpoint_id)
    box = SecretBox(SECRET_KEY)
    assert box.decrypt(str(stored["secret"])) == new_secret
    assert box.decrypt(str(stored["previous_secret"])) == first_secret

    confirm = await owner.get(f"{path}/delete")
    assert confirm.status_code == 200
    assert f'action="{path}/delete"' in confirm.text
    assert (await _stored(engine, endpoint_id))["id"] == endpoint_id  # asking deletes nothing
    deleted = await owner.post_form(f"{path}/delete", {})
    assert deleted.status_code == 303
    assert deleted.headers["location"] == "/developers/webhooks"
    assert (await owner.get(path)).status_code == 404
    assert (await counts(engine, workspace))["endpoints"] == 0

    entries = await audit_entries(engine, workspace)
    assert [(entry["action"], entry["target"]) for entry in entries] == [
        ("webhook_endpoint.created", endpoint_id),
        ("webhook_endpoint.updated", endpoint_id),
        ("webhook_endpoint.disabled", endpoint_id),
        ("webhook_endpoint.enabled", endpoint_id),
        ("webhook_endpoint.secret_rolled", endpoint_id),
        ("webhook_endpoint.deleted", endpoint_id),
    ]
    assert entries[1]["details"] == {"changed": ["url", "events", "description"]}
    assert new_secret not in str(entries) and first_secret not in str(entries)
    await owner.http.aclose()


async def test_a_refused_form_shows_why_and_writes_nothing(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    admin = await signed_in(app, engine, workspace, Role.admin)
    endpoint_id = await create_endpoint(admin, NOWHERE, "employee.created")
    before = await counts(engine, workspace)

    cases = [
        ({"url": "not a url", "event:*": "on"}, 400, "url:"),
        ({"url": NOWHERE}, 400, "events:"),
        ({"url": NOWHERE, "event:*": "on", "event:leave.logged": "on"}, 400, "must stand alone"),
        ({"url": "http://10.1.2.3/hook", "event:*": "on"}, 422, "not a public address"),
        ({"url": "ftp://example.com/hook", "event:*": "on"}, 400, "http or https"),
    ]
    for fields, status, message in cases:
        for path in ("/developers/webhooks", f"/developers/webhooks/{endpoint_id}"):
            answer = await admin.post_form(path, {**fields, "description": "kept <b>"})
            assert answer.status_code == status, (path, fields, answer.text)
            assert 'class="error" role="alert"' in answer.text
            assert message in answer.text, (path, answer.text)
            # The form comes back filled in, escaped.
            assert 'value="kept &lt;b&gt;"' in answer.text
            assert "whsec_" not in answer.text
    assert await counts(engine, workspace) == before
    await admin.http.aclose()


async def test_roles_viewers_read_without_secrets_or_forms(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    members = {role: await signed_in(app, engine, workspace, role) for role in Role}
    endpoint_id = await create_endpoint(members[Role.admin], NOWHERE)
    assert (
        await members[Role.admin].post_form(f"/developers/webhooks/{endpoint_id}/test", {})
    ).status_code == 303
    async with reading(engine) as db:
        event_id = (
            await db.execute(
                select(webhook_deliveries.c.event_id).where(
                    webhook_deliveries.c.endpoint_id == endpoint_id
                )
            )
        ).scalar_one()
    pages = ["/developers/webhooks", f"/developers/webhooks/{endpoint_id}"]
    for role, member in members.items():
        for path in pages:
            answer = await member.get(path)
            assert answer.status_code == 200, (role, path)
            assert "whsec_" not in answer.text
            changes = 'method="post" action="/developers/webhooks' in answer.text
            assert changes is (role is not Role.viewer), (role, path)
        assert ('href="/developers/webhooks"' in answer.text) is True  # the nav item

    viewer = members[Role.viewer]
    before = await counts(engine, workspace)
    forged = {
        "/developers/webhooks": {"url": NOWHERE, "event:*": "on"},
        f"/developers/webhooks/{endpoint_id}": {"url": "http://127.0.0.1:11/x", "event:*": "on"},
        f"/developers/webhooks/{endpoint_id}/disable": {},
        f"/developers/webhooks/{endpoint_id}/enable": {},
        f"/developers/webhooks/{endpoint_id}/roll-secret": {},
        f"/developers/webhooks/{endpoint_id}/test": {},
        f"/developers/webhooks/{endpoint_id}/replay": {"event_id": event_id},
        f"/developers/webhooks/{endpoint_id}/delete": {},
    }
    for path, fields in forged.items():
        answer = await viewer.post_form(path, fields)
        assert answer.status_code == 403, path
        assert "whsec_" not in answer.text
    assert (await viewer.get(f"/developers/webhooks/{endpoint_id}/delete")).status_code == 403
    assert await counts(engine, workspace) == before
    for member in members.values():
        await member.http.aclose()


async def test_forms_without_the_csrf_token_are_403_and_write_nothing(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    admin = await signed_in(app, engine, workspace, Role.admin)
    endpoint_id = await create_endpoint(admin, NOWHERE)
    before = await counts(engine, workspace)
    for token in ({}, {"csrf_token": "forged"}):
        for path, fields in (
            ("/developers/webhooks", {"url": NOWHERE, "event:*": "on"}),
            (f"/developers/webhooks/{endpoint_id}/roll-secret", {}),
            (f"/developers/webhooks/{endpoint_id}/test", {}),
            (f"/developers/webhooks/{endpoint_id}/delete", {}),
        ):
            answer = await admin.http.post(path, data={**token, **fields})
            assert answer.status_code == 403, path
    assert await counts(engine, workspace) == before
    # The token itself is no secret kept from the member's own pages.
    page = await admin.get(f"/developers/webhooks/{endpoint_id}")
    assert csrf_of(page)
    await admin.http.aclose()


async def test_another_workspaces_endpoint_is_not_found(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    theirs = await signed_in(app, engine, await tenants.workspace(), Role.admin)
    endpoint_id = await create_endpoint(theirs, NOWHERE)
    workspace = await tenants.workspace()
    ours = await signed_in(app, engine, workspace, Role.owner)
    path = f"/developers/webhooks/{endpoint_id}"
    assert (await ours.get(path)).status_code == 404
    assert (await ours.get(f"{path}/delete")).status_code == 404
    for action in ("", "/disable", "/roll-secret", "/test", "/delete"):
        fields = {"url": NOWHERE, "event:*": "on"} if action == "" else {}
        answer = await ours.post_form(path + action, fields)
        assert answer.status_code == 404, action
    assert endpoint_id not in (await ours.get("/developers/webhooks")).text
    stored = await _stored(engine, endpoint_id)
    assert stored["enabled"] is True and stored["url"] == NOWHERE
    assert await audit_entries(engine, workspace) == []
    # Nor in the other environment of the same workspace.
    switched = await theirs.post_form(
        "/developers/environment", {"environment": "live", "back": path}
    )
    assert switched.status_code == 303
    assert (await theirs.get(path)).status_code == 404
    await ours.http.aclose()
    await theirs.http.aclose()


async def test_a_hostile_response_snippet_is_escaped(
    app: FastAPI, engine: AsyncEngine, database_url: str, tenants: Tenants, receiver: Receiver
) -> None:
    hostile = b'<script>alert("pwned")</script><img src=x onerror=alert(1)>'
    receiver.default = Reply(status=500, body=hostile)
    workspace = await tenants.workspace()
    admin = await signed_in(app, engine, workspace, Role.admin)
    endpoint_id = await create_endpoint(
        admin, receiver.url, description='<script>alert("desc")</script>'
    )
    await admin.post_form(f"/developers/webhooks/{endpoint_id}/test", {})
    await deliver(engine, database_url)
    assert len(receiver.received) == 1

    page = await admin.get(f"/developers/webhooks/{endpoint_id}")
    assert '<td class="http-status">500</td>' in page.text
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;&lt;img src=x" in page.text
    assert "&lt;script&gt;alert(&#34;desc&#34;)&lt;/script&gt;" in page.text
    assert "<script" not in page.text
    assert "<img" not in page.text
    listed = await admin.get("/developers/webhooks")
    assert "<script" not in listed.text
    await admin.http.aclose()


async def test_a_deleted_endpoint_takes_its_deliveries_with_it(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    admin = await signed_in(app, engine, workspace, Role.admin)
    endpoint_id = await create_endpoint(admin, NOWHERE)
    await admin.post_form(f"/developers/webhooks/{endpoint_id}/test", {})
    # Settled, so no engine of another test picks it up meanwhile.
    async with transaction(engine) as db:
        await db.execute(
            update(webhook_deliveries)
            .where(webhook_deliveries.c.endpoint_id == endpoint_id)
            .values(status="failed")
        )
    assert (await counts(engine, workspace))["deliveries"] == 1
    await admin.post_form(f"/developers/webhooks/{endpoint_id}/delete", {})
    assert (await counts(engine, workspace))["deliveries"] == 0
    await admin.http.aclose()
