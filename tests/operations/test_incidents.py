"""Every 500 is an incident: stored under the request id its message names, grouped by
kind, read back by `pulse incidents`, alerted once per kind per hour with a signature."""

import asyncio
import json
import logging
import time
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.db.session import transaction
from pulse.db.tables import incident_kinds, incidents
from pulse.incidents import service
from pulse.incidents.failures import describe
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id
from tests.support.api import assert_error
from tests.support.cli import run_pulse
from tests.support.operations import MESSAGE, AppOn
from tests.support.receiver import running_receiver
from tests.support.webhook_verifier import verify

ALERT_SECRET = "whsec_" + "a1" * 16


async def fail(http: httpx.AsyncClient, path: str) -> str:
    """Ask for a failing route; the incident id its 500 names."""
    error = assert_error(await http.get(path), 500, "internal_error", [])
    assert error["request_id"] in error["message"]
    return str(error["request_id"])


async def stored(engine: AsyncEngine, incident_id: str) -> dict[str, object]:
    async with transaction(engine) as db:
        row = (await db.execute(select(incidents).where(incidents.c.id == incident_id))).one()
        return dict(row._mapping)


async def kind_of(engine: AsyncEngine, kind_id: str) -> dict[str, object]:
    async with transaction(engine) as db:
        query = select(incident_kinds).where(incident_kinds.c.id == kind_id)
        return dict((await db.execute(query)).one()._mapping)


async def test_a_500_is_stored_under_the_request_id_it_names(
    app_on: AppOn, engine: AsyncEngine
) -> None:
    async with app_on() as http:
        first = await fail(http, "/test/raise/Grouped")
        second = await fail(http, "/test/raise/Grouped")
    one, two = await stored(engine, first), await stored(engine, second)
    assert one["route"] == "/test/raise/{name}" and one["method"] == "GET"
    assert one["kind_id"] == two["kind_id"]
    traceback = str(one["traceback"])
    assert "Traceback (most recent call last)" in traceback
    assert "Grouped" in traceback
    assert MESSAGE not in traceback  # no exception message is kept
    kind = await kind_of(engine, str(one["kind_id"]))
    assert kind["count"] == 2
    assert kind["exception_type"] == "tests.support.operations.Grouped"
    assert str(kind["location"]).startswith("pulse/")
    assert kind["route"] == "/test/raise/{name}"


async def test_another_failure_is_another_kind(app_on: AppOn, engine: AsyncEngine) -> None:
    async with app_on() as http:
        one = await stored(engine, await fail(http, "/test/raise/Different"))
        other = await stored(engine, await fail(http, "/test/raise/OtherDifferent"))
    assert one["kind_id"] != other["kind_id"]
    assert (await kind_of(engine, str(other["kind_id"])))["count"] == 1


async def test_processes_failing_at_once_send_one_alert(engine: AsyncEngine) -> None:
    class Concurrent(Exception):
        pass

    try:
        raise Concurrent
    except Concurrent as exc:
        failure = describe(exc)
    now = utcnow()
    recorded = await asyncio.gather(
        *(service.record(engine, new_id("req"), "/x", "GET", failure, now) for _ in range(5))
    )
    assert sum(r.alert for r in recorded) == 1
    assert sorted(r.kind["count"] for r in recorded) == [1, 2, 3, 4, 5]


async def test_the_alert_is_signed_and_sent_once_per_kind_per_hour(
    app_on: AppOn, engine: AsyncEngine
) -> None:
    with running_receiver() as receiver:
        alerting = {
            "incident_webhook_url": receiver.url,
            "incident_webhook_secret": ALERT_SECRET,
        }
        async with app_on(**alerting) as http:
            first = await fail(http, "/test/raise/Alerted")
            await fail(http, "/test/raise/Alerted")
        # The app's shutdown waited for the alerts under way: one, for the new kind.
        kinds = [json.loads(r.body)["kind"]["id"] for r in receiver.received]
        kind_id = str((await stored(engine, first))["kind_id"])
        assert kinds.count(kind_id) == 1
        [alert] = [r for r in receiver.received if json.loads(r.body)["kind"]["id"] == kind_id]
        assert verify(
            alert.body, alert.headers["x-pulse-signature"], ALERT_SECRET, int(time.time())
        )
        document = json.loads(alert.body)
        assert document["type"] == "incident.new"
        assert document["incident"]["id"] == first
        assert document["kind"]["route"] == "/test/raise/{name}"
        assert MESSAGE not in alert.body.decode()

        # An hour later the kind alerts again, with its count.
        async with transaction(engine) as db:
            await db.execute(
                update(incident_kinds)
                .where(incident_kinds.c.id == kind_id)
                .values(last_alerted_at=utcnow() - timedelta(hours=1, seconds=1))
            )
        async with app_on(**alerting) as http:
            third = await fail(http, "/test/raise/Alerted")
        again = [json.loads(r.body) for r in receiver.received if kind_id in r.body.decode()]
        assert len(again) == 2
        assert again[1]["type"] == "incident.recurring"
        assert again[1]["incident"]["id"] == third


async def test_an_alert_that_fails_is_logged_and_the_answer_is_still_the_500(
    app_on: AppOn, engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    with running_receiver() as receiver:
        closed_url = receiver.url  # nobody listens there once the block ends
    caplog.set_level(logging.WARNING, logger="pulse.incidents")
    alerting = {"incident_webhook_url": closed_url, "incident_webhook_secret": ALERT_SECRET}
    async with app_on(**alerting) as http:
        incident_id = await fail(http, "/test/raise/Unalerted")
    assert await stored(engine, incident_id)
    [warning] = [r for r in caplog.records if r.name == "pulse.incidents"]
    assert incident_id in warning.getMessage()
    assert "could not be sent" in warning.getMessage()


async def test_pulse_incidents_list_and_show(app_on: AppOn, database_url: str) -> None:
    async with app_on() as http:
        first = await fail(http, "/test/raise/Listed")
        second = await fail(http, "/test/raise/Listed")
    listed = (await run_pulse(database_url, "incidents", "list", "--json")).json()
    kind = next(k for k in listed if k["exception_type"].endswith(".Listed"))
    assert kind["count"] >= 2
    assert listed == sorted(listed, key=lambda k: k["last_seen_at"], reverse=True)

    shown = (await run_pulse(database_url, "incidents", "show", first, "--json")).json()
    assert shown["incident"]["id"] == first
    assert shown["kind"]["id"] == kind["id"]
    assert "Listed" in shown["incident"]["traceback"]

    by_kind = (await run_pulse(database_url, "incidents", "show", kind["id"], "--json")).json()
    ids = [incident["id"] for incident in by_kind["incidents"]]
    assert ids[:2] == [second, first]

    text = await run_pulse(database_url, "incidents", "show", first)
    assert text.code == 0 and first in text.stdout and "Traceback" in text.stdout
    (await run_pulse(database_url, "incidents", "show", "req_nothing")).failed("req_nothing")
