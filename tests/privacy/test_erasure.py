"""Erasure: nothing personal about the erased employee is left in any column of any
table; ids, dates, coins, days and counts stay, so totals and balances stay exact."""

import secrets
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from pulse.core.tenancy import Tenant
from pulse.db import counters
from pulse.db.session import reading
from pulse.db.tables import metadata
from pulse.kit.clock import today
from pulse.webhooks.engine import DeliveryEngine
from tests.support.api import Api, Tenants, assert_error
from tests.support.cli import run_pulse
from tests.support.environment import make_settings
from tests.support.receiver import Receiver, Reply, running_receiver
from tests.support.webhook_records import add_endpoint
from tests.webhooks.test_secret_storage import columns_holding

NAME, EMAIL = "Zebulon Quixote", "zeb.quixote@example.com"
SECRETS = ("Vermilionish", "Xanadu-office", "Chief Windmill Officer")
NOTES = ("Secret plan zeta", "Kudos note zeta", "Thanks note zeta", "Leave note zeta")
KEEPER = "Margarethe Keeper"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        running.default = Reply(body=f"thanks for {NAME}".encode())
        yield running


async def person_with_a_past(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    """An employee with a record in every journal, and a colleague who stays."""
    yesterday = (today() - timedelta(days=1)).isoformat()
    employee = await api.post(
        "/v1/employees",
        headers={"Idempotency-Key": f"create-{secrets.token_hex(6)}"},
        json={
            "full_name": NAME,
            "email": EMAIL,
            "role": SECRETS[2],
            "location": SECRETS[1],
            "department": "Engineering",
            "start_date": "2024-01-15",
            "custom_fields": {"colour": SECRETS[0]},
        },
    )
    assert employee.status_code == 201, employee.text
    person = employee.json()
    colleague = await api.create_employee(full_name=KEEPER, start_date="2023-01-01")
    posted = [
        await api.post(
            "/v1/status-log",
            json={"employee_id": person["id"], "lines": [NOTES[0], "b"], "date": yesterday},
        ),
        *[
            await api.post(
                "/v1/kudos",
                json={
                    "from_employee_id": giver["id"],
                    "to_employee_id": receiver["id"],
                    "coins": coins,
                    "tag": tag,
                    "note": note,
                },
            )
            for giver, receiver, coins, tag, note in (
                (person, colleague, 5, "teamwork", NOTES[1]),
                (colleague, person, 7, "craft", NOTES[2]),
            )
        ],
        await api.post(
            "/v1/leave",
            json={
                "employee_id": person["id"],
                "kind": "vacation",
                "start_date": "2024-05-06",
                "end_date": "2024-05-07",
                "note": NOTES[3],
            },
        ),
        await api.post(
            "/v1/workload-checkins",
            json={"employee_id": person["id"], "level": "heavy", "week_start": "2024-03-04"},
        ),
    ]
    assert all(response.status_code == 201 for response in posted), [r.text for r in posted]
    renamed = await api.patch(f"/v1/employees/{person['id']}", json={"full_name": f"{NAME} Jr"})
    assert renamed.status_code == 200
    scheduled = await api.patch(
        f"/v1/employees/{person['id']}",
        json={"email": "zeb.later@example.com", "effective_date": "2199-01-01"},
    )
    assert scheduled.status_code == 202
    assert (await api.delete(f"/v1/employees/{person['id']}")).status_code == 200
    return person, colleague


async def deliver_everything(tenants: Tenants, database_url: str) -> None:
    engine = DeliveryEngine(tenants.engine, make_settings(database_url))
    try:
        await engine.run_until_idle()
    finally:
        await engine.close()


async def counts_match(tenants: Tenants, tenant: Tenant) -> None:
    async with reading(tenants.engine) as db:
        for name in sorted(counters.COUNTED):
            table = metadata.tables[name]
            counted = await counters.total(db, table, tenant)
            rows = await db.execute(
                select(func.count())
                .select_from(table)
                .where(
                    table.c.workspace_id == tenant.workspace_id,
                    table.c.environment == tenant.environment.value,
                )
            )
            assert counted == rows.scalar_one(), name


async def test_erasure_leaves_nothing_personal_anywhere(
    api: Api, tenants: Tenants, receiver: Receiver, database_url: str
) -> None:
    await add_endpoint(tenants, api.tenant, receiver.url)
    person, colleague = await person_with_a_past(api)
    await deliver_everything(tenants, database_url)
    assert receiver.received
    assert await columns_holding(tenants.engine, NAME)  # the test sees what erasure must clear
    balance_before = (await api.get(f"/v1/leave/balance/{person['id']}?year=2024")).json()
    kudos_before = (await api.get("/v1/kudos")).json()["total_count"]

    erased = await api.post(f"/v1/employees/{person['id']}/erase")
    assert erased.status_code == 200, erased.text
    body = erased.json()
    assert body["full_name"] == "[erased]" and body["email"] is None
    assert body["custom_fields"] == {} and body["role"] is None and body["location"] is None
    assert (body["department"], body["start_date"], body["status"]) == (
        "Engineering",
        "2024-01-15",
        "former",
    )
    # The receiver forgets too: what it answers now is its own business.
    receiver.default = Reply()
    await deliver_everything(tenants, database_url)

    for needle in (NAME, EMAIL, "zeb.later@example.com", *SECRETS, *NOTES):
        assert await columns_holding(tenants.engine, needle) == [], needle
    assert await columns_holding(tenants.engine, KEEPER)  # the colleague stays
    assert await columns_holding(tenants.engine, person["id"])  # ids stay

    events = (await api.get("/v1/events", params={"limit": 200})).json()["data"]
    assert events[-1]["type"] == "employee.erased"
    assert events[-1]["data"] == {"id": person["id"]}
    assert (await api.get(f"/v1/leave/balance/{person['id']}?year=2024")).json() == balance_before
    assert (await api.get("/v1/kudos")).json()["total_count"] == kudos_before
    kudos = (await api.get("/v1/kudos")).json()["data"]
    assert sorted(k["coins"] for k in kudos) == [5, 7]
    assert {k["note"] for k in kudos} == {"[erased]"}
    entry = (await api.get("/v1/status-log")).json()["data"][0]
    assert entry["lines"] == ["[erased]", "[erased]"]
    history = (await api.get(f"/v1/employees/{person['id']}/history")).json()["data"]
    assert history[-2]["status"] == "cancelled"  # the scheduled change, never applied
    assert history[1]["changes"]["full_name"] == {"from": "[erased]", "to": "[erased]"}
    await counts_match(tenants, api.tenant)

    again = await api.post(f"/v1/employees/{person['id']}/erase")
    assert again.status_code == 200 and again.json() == body
    after = (await api.get("/v1/events", params={"limit": 200})).json()["data"]
    assert [e["type"] for e in after].count("employee.erased") == 1
    changed = await api.patch(f"/v1/employees/{person['id']}", json={"full_name": NAME})
    assert_error(changed, 422, "unprocessable_entity")
    assert (await api.get(f"/v1/employees/{colleague['id']}")).json()["full_name"] == KEEPER


async def test_only_former_employees_by_integration_keys(api: Api, tenants: Tenants) -> None:
    active = await api.create_employee()
    assert_error(
        await api.post(f"/v1/employees/{active['id']}/erase"),
        422,
        "unprocessable_entity",
        ["end_date"],
    )
    former = await api.create_employee(end_date="2024-02-01")
    personal = await tenants.key(
        api.tenant.workspace_id, scopes=("write:employees",), employee_id=active["id"]
    )
    assert_error(
        await personal.post(f"/v1/employees/{former['id']}/erase"), 403, "permission_denied"
    )
    reader = await tenants.key(api.tenant.workspace_id, scopes=("read:employees",))
    assert_error(await reader.post(f"/v1/employees/{former['id']}/erase"), 403, "permission_denied")
    assert_error(await api.post("/v1/employees/emp_nobody/erase"), 404, "not_found")
    assert (await api.get(f"/v1/employees/{former['id']}")).json()["full_name"] == "Ada Lovelace"


async def test_operators_erase_from_the_cli_with_yes(
    api: Api, tenants: Tenants, database_url: str
) -> None:
    former = await api.create_employee(full_name=NAME, end_date="2024-02-01")
    place = ("--workspace", api.tenant.workspace_id, "--env", api.tenant.environment.value)
    refused = await run_pulse(database_url, "employees", "erase", former["id"], *place)
    refused.failed("--yes")
    assert (await api.get(f"/v1/employees/{former['id']}")).json()["full_name"] == NAME
    erased = await run_pulse(
        database_url, "employees", "erase", former["id"], *place, "--yes", "--json"
    )
    assert erased.json()["full_name"] == "[erased]"
    assert (await api.get(f"/v1/employees/{former['id']}")).json() == erased.json()
    active = await api.create_employee()
    run = await run_pulse(database_url, "employees", "erase", active["id"], *place, "--yes")
    run.failed("former")
