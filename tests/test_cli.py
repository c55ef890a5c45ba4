"""The `pulse` command through real subprocesses against the run's database.

The CLI and this process share the database (SQLite in WAL mode, or PostgreSQL): what
the CLI writes, the in-process app reads on its next request, and the other way round.
Independent invocations run concurrently to keep the file fast.
"""

import asyncio
import hashlib
import json
import os
import re
import secrets
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select, update

from pulse.core.tenancy import Environment, Tenant
from pulse.db.migrate import head_revision
from pulse.db.tables import api_keys, audit_log
from tests.support.api import Tenants, assert_error
from tests.support.cli import Run, run_pulse
from tests.support.console import audit_entries, browser, welcome
from tests.support.environment import ROOT

SECRET = re.compile(r"pk_(live|test)_([0-9A-Za-z]{32,})")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
Pulse = Callable[..., Awaitable[Run]]


@pytest.fixture
def pulse(database_url: str) -> Pulse:
    """`await pulse("keys", "list", ...)`: one `python -m pulse` run on the run's database."""

    async def run(*args: str) -> Run:
        return await run_pulse(database_url, *args)

    return run


def parse_time(value: str) -> datetime:
    assert TIMESTAMP.fullmatch(value), value
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def count_keys(tenants: Tenants, workspace_id: str) -> int:
    async with tenants.engine.connect() as conn:
        query = select(func.count()).where(api_keys.c.workspace_id == workspace_id)
        return int((await conn.execute(query)).scalar_one())


FIELDS = ("id", "name", "rate_limit_per_minute", "created_at")


async def test_workspaces_create_and_list(pulse: Pulse) -> None:
    plain, limited = await asyncio.gather(
        pulse("workspaces", "create", "  Umbrella Corp ", "--json"),
        pulse("workspaces", "create", "Initech", "--rate-limit", "7", "--json"),
    )
    created, capped = plain.json(), limited.json()
    assert set(FIELDS) <= set(created)
    assert created["id"].startswith("ws_")
    assert created["name"] == "Umbrella Corp"
    assert created["rate_limit_per_minute"] is None
    assert abs(parse_time(created["created_at"]) - datetime.now(UTC)) < timedelta(minutes=1)
    assert capped["name"] == "Initech"
    assert capped["rate_limit_per_minute"] == 7

    # `list` reads rows back from the database (not the dicts `create` built).
    listed = (await pulse("workspaces", "list", "--json")).json()
    assert isinstance(listed, list)
    by_id = {row["id"]: row for row in listed}
    for workspace in (created, capped):
        assert {f: by_id[workspace["id"]][f] for f in FIELDS} == {f: workspace[f] for f in FIELDS}
    assert [row["id"] for row in listed] == sorted(by_id)


async def create_key(pulse: Pulse, workspace: str, env: str, *options: str) -> Run:
    return await pulse("keys", "create", "--workspace", workspace, "--env", env, *options, "--json")


async def test_keys_create_list_and_use(
    pulse: Pulse, tenants: Tenants, client: httpx.AsyncClient
) -> None:
    workspace = await tenants.workspace("CLI Co")
    employee = await tenants.employee(Tenant(workspace, Environment.test), full_name="Kim Lee")
    live_run, test_run, personal_run = await asyncio.gather(
        create_key(
            pulse,
            workspace,
            "live",
            *("--scope", "read:employees", "--scope", "write:leave"),
            *("--expires-in", "30", "--name", "payroll sync"),
        ),
        create_key(pulse, workspace, "test", "--scope", "*"),
        create_key(pulse, workspace, "test", "--scope", "read:employees", "--employee", employee),
    )
    live, test, personal = live_run.json(), test_run.json(), personal_run.json()

    for key, environment in ((live, "live"), (test, "test"), (personal, "test")):
        match = SECRET.fullmatch(key["secret"])
        assert match, key["secret"]
        assert match.group(1) == environment == key["environment"]
        assert key["id"].startswith("key_")
        assert key["workspace_id"] == workspace
        assert key["secret"].startswith(key["prefix"]) and key["prefix"] != f"pk_{environment}_"
        assert key["secret"].endswith(key["last4"]) and len(key["last4"]) == 4
        assert "secret_hash" not in key
        assert hashlib.sha256(key["secret"].encode()).hexdigest() not in json.dumps(key)
        assert key["last_used_at"] is None and key["revoked_at"] is None
    assert live["scopes"] == ["read:employees", "write:leave"]
    assert live["name"] == "payroll sync"
    expires = parse_time(live["expires_at"]) - parse_time(live["created_at"])
    assert timedelta(days=30) - timedelta(seconds=1) <= expires <= timedelta(days=30)
    assert test["scopes"] == ["*"] and test["expires_at"] is None
    assert test["employee_id"] is None
    assert personal["employee_id"] == employee

    # Each secret works, within its environment and its scopes.
    listed = await client.get("/v1/employees", headers=bearer(test["secret"]))
    assert listed.status_code == 200, listed.text
    assert [e["id"] for e in listed.json()["data"]] == [employee]
    live_list = await client.get("/v1/employees", headers=bearer(live["secret"]))
    assert live_list.status_code == 200, live_list.text
    assert live_list.json()["total_count"] == 0  # test data never shows in live mode
    assert_error(
        await client.post(
            "/v1/employees",
            headers=bearer(live["secret"]),
            json={"full_name": "Nope", "start_date": "2024-01-01"},
        ),
        403,
        "permission_denied",
    )
    own = await client.get(f"/v1/employees/{employee}", headers=bearer(personal["secret"]))
    assert own.status_code == 200, own.text

    listing = await pulse("keys", "list", "--workspace", workspace, "--json")
    rows = {row["id"]: row for row in listing.json()}
    assert set(rows) == {live["id"], test["id"], personal["id"]}
    for key in (live, test, personal):
        assert key["secret"] not in listing.stdout
        assert hashlib.sha256(key["secret"].encode()).hexdigest() not in listing.stdout
        row = rows[key["id"]]
        assert "secret" not in row and "secret_hash" not in row
        for field in ("prefix", "last4", "scopes", "created_at", "expires_at", "revoked_at"):
            assert row[field] == key[field], field
        # Filled by the requests above.
        used = parse_time(row["last_used_at"])
        assert parse_time(key["created_at"]) <= used <= datetime.now(UTC)


async def test_keys_create_refuses_bad_input(pulse: Pulse, tenants: Tenants) -> None:
    workspace = await tenants.workspace("CLI Co")
    live_employee = await tenants.employee(Tenant(workspace, Environment.live))
    nowhere = "ws_01NOSUCHWORKSPACE0000000000"
    nobody = "emp_01NOSUCHEMPLOYEE00000000000"
    bad_scope, no_workspace, no_employee, other_env = await asyncio.gather(
        create_key(
            pulse, workspace, "test", "--scope", "read:employees", "--scope", "read:payroll"
        ),
        create_key(pulse, nowhere, "test", "--scope", "*"),
        create_key(pulse, workspace, "test", "--scope", "*", "--employee", nobody),
        # An employee of the live environment cannot own a test key.
        create_key(pulse, workspace, "test", "--scope", "*", "--employee", live_employee),
    )
    bad_scope.failed("read:payroll")
    no_workspace.failed(nowhere)
    no_employee.failed(nobody)
    other_env.failed(live_employee)
    assert await count_keys(tenants, workspace) == 0


async def test_revoked_and_expired_keys_answer_401(
    pulse: Pulse, tenants: Tenants, client: httpx.AsyncClient
) -> None:
    workspace = await tenants.workspace("CLI Co")
    doomed = await tenants.key(workspace, scopes=("read:employees",))
    ok = await client.get("/v1/employees", headers=doomed.headers)
    assert ok.status_code == 200, ok.text
    revoke_run, expiring_run = await asyncio.gather(
        pulse("keys", "revoke", doomed.key_id, "--json"),
        create_key(pulse, workspace, "live", "--scope", "read:employees", "--expires-in", "1"),
    )
    revoked, expiring = revoke_run.json(), expiring_run.json()
    assert revoked["id"] == doomed.key_id
    assert "secret_hash" not in revoked and doomed.secret not in revoke_run.stdout
    assert abs(parse_time(revoked["revoked_at"]) - datetime.now(UTC)) < timedelta(minutes=1)
    error = assert_error(
        await client.get("/v1/employees", headers=doomed.headers), 401, "unauthenticated"
    )
    assert "revoked" in error["message"]

    expires = parse_time(expiring["expires_at"]) - datetime.now(UTC)
    assert timedelta(hours=23) < expires <= timedelta(days=1)
    ok = await client.get("/v1/employees", headers=bearer(expiring["secret"]))
    assert ok.status_code == 200, ok.text
    async with tenants.engine.begin() as conn:
        await conn.execute(
            update(api_keys)
            .where(api_keys.c.id == expiring["id"])
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=5))
        )
    error = assert_error(
        await client.get("/v1/employees", headers=bearer(expiring["secret"])),
        401,
        "unauthenticated",
    )
    assert "expired" in error["message"]


async def test_workspace_rate_limit_override(
    pulse: Pulse, tenants: Tenants, client: httpx.AsyncClient
) -> None:
    workspace = await tenants.workspace("CLI Co")
    api = await tenants.key(workspace, scopes=("read:employees",))
    updated = (await pulse("workspaces", "update", workspace, "--rate-limit", "5", "--json")).json()
    assert updated["id"] == workspace and updated["rate_limit_per_minute"] == 5

    remaining = []
    for _ in range(5):
        response = await client.get("/v1/employees", headers=api.headers)
        assert response.status_code == 200, response.text
        assert response.headers["x-ratelimit-limit"] == "5"
        remaining.append(int(response.headers["x-ratelimit-remaining"]))
    assert remaining == [4, 3, 2, 1, 0]
    sixth = await client.get("/v1/employees", headers=api.headers)
    assert_error(sixth, 429, "rate_limited")
    assert 1 <= int(sixth.headers["retry-after"]) <= 60
    assert sixth.headers["x-ratelimit-remaining"] == "0"

    # Back to the deployment's default: the key is served again under that limit.
    reset = (
        await pulse("workspaces", "update", workspace, "--default-rate-limit", "--json")
    ).json()
    assert reset["rate_limit_per_minute"] is None
    again = await client.get("/v1/employees", headers=api.headers)
    assert again.status_code == 200, again.text
    assert again.headers["x-ratelimit-limit"] == "1000"


async def test_demo_seeds_once_and_prints_a_working_key(
    pulse: Pulse, client: httpx.AsyncClient, app: FastAPI
) -> None:
    base_url = str(client.base_url).rstrip("/")
    first = (await pulse("demo", "--base-url", base_url, "--json")).json()
    second = (await pulse("demo", "--base-url", base_url, "--json")).json()
    assert second["workspace_id"] == first["workspace_id"]
    assert second["api_key"] != first["api_key"]

    totals = []
    for demo in (first, second):
        assert demo["environment"] == "test"
        assert SECRET.fullmatch(demo["api_key"]), demo["api_key"]
        curl = re.fullmatch(
            r'curl (\S+) -H "Authorization: Bearer (\S+)" -H "Accept: application/json"',
            demo["curl"],
        )
        assert curl, demo["curl"]
        url, secret = curl.groups()
        assert secret == demo["api_key"]
        assert url == f"{base_url}/v1/employees"
        response = await client.get(url, headers={**bearer(secret), "Accept": "application/json"})
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["data"]) >= 8
        totals.append(body["total_count"])
        assert body["total_count"] == demo["employees"]
    assert totals[0] == totals[1]  # the second run added no people

    # And a console link for the demo owner; each run's makes the one before it die.
    assert second["console"] == f"{base_url}/developers"
    links = [demo["owner_sign_in_url"] for demo in (first, second)]
    assert all(link.startswith(f"{base_url}/developers/welcome/") for link in links)
    async with browser(app) as http:
        assert (await http.get(links[0])).status_code == 404
        assert (await welcome(http, links[1].rsplit("/", 1)[1])).status_code == 303
        assert second["owner_email"] in (await http.get("/developers")).text


async def test_migrate_is_idempotent(pulse: Pulse, tenants: Tenants) -> None:
    for _ in range(2):
        run = await pulse("migrate")
        assert run.code == 0, run.stderr
        assert "current" in run.stderr
    async with tenants.engine.connect() as conn:
        version = (await conn.exec_driver_sql("SELECT version_num FROM alembic_version")).all()
    assert version == [(head_revision(),)]


async def test_workspace_settings_are_read_and_changed(
    pulse: Pulse, tenants: Tenants, client: httpx.AsyncClient
) -> None:
    workspace = (await pulse("workspaces", "create", "Settings Co", "--json")).json()["id"]
    shown = (await pulse("workspaces", "settings", workspace, "--json")).json()
    assert shown["kudos_monthly_allowance"] == 100
    assert shown["leave_policy"] == {
        "vacation": 25,
        "sick": None,
        "personal": 3,
        "parental": None,
        "unpaid": None,
        "other": None,
    }
    changed = (
        await pulse(
            "workspaces",
            "update",
            workspace,
            "--kudos-allowance",
            "20",
            "--leave-allowance",
            "vacation=30",
            "--leave-allowance",
            "personal=unlimited",
            "--leave-allowance",
            "parental=12.5",
            "--json",
        )
    ).json()
    assert changed["kudos_monthly_allowance"] == 20
    assert changed["leave_policy"]["vacation"] == 30
    assert changed["leave_policy"]["personal"] is None
    assert changed["leave_policy"]["parental"] == 12.5
    assert changed["rate_limit_per_minute"] is None
    assert (await pulse("workspaces", "settings", workspace, "--json")).json() == changed
    [entry] = await audit_entries(tenants.engine, workspace, "workspace.settings_changed")
    assert entry["actor"] == "cli"
    assert entry["details"]["kudos_monthly_allowance"] == {"from": 100, "to": 20}
    assert "rate_limit_per_minute" not in entry["details"]  # unchanged, so not recorded

    # The API follows the new settings at once.
    api = await tenants.key(workspace)
    giver = await api.create_employee(start_date="2020-01-01")
    receiver = await api.create_employee(start_date="2020-01-01")
    body = {"from_employee_id": giver["id"], "to_employee_id": receiver["id"], "tag": "craft"}
    assert (await api.post("/v1/kudos", json={**body, "coins": 20})).status_code == 201
    over = await api.post("/v1/kudos", json={**body, "coins": 1})
    assert_error(over, 422, "unprocessable_entity", ["coins"])
    balance = (await api.get(f"/v1/leave/balance/{giver['id']}")).json()
    assert balance["balances"][0]["allowance"] == 30

    (await pulse("workspaces", "update", workspace, "--leave-allowance", "holiday=3")).failed(
        "holiday"
    )
    (await pulse("workspaces", "update", workspace, "--leave-allowance", "vacation=2.3")).failed(
        "half days"
    )
    (await pulse("workspaces", "update", workspace, "--kudos-allowance", "-1")).failed("0 coins")
    (await pulse("workspaces", "update", workspace)).failed("nothing to change")
    (await pulse("workspaces", "settings", "ws_missing")).failed("ws_missing")


async def test_leave_approval_is_set_shown_and_cleared(pulse: Pulse, tenants: Tenants) -> None:
    workspace = (await pulse("workspaces", "create", "Approvals Co", "--json")).json()["id"]
    shown = (await pulse("workspaces", "settings", workspace, "--json")).json()
    assert (shown["leave_approval"], shown["leave_auto_approve_kinds"]) == ("none", [])
    update = ("workspaces", "update", workspace)
    kinds = ("--auto-approve", "sick", "--auto-approve", "parental", "--auto-approve", "sick")
    changed = (await pulse(*update, "--leave-approval", "manager", *kinds, "--json")).json()
    assert changed["leave_approval"] == "manager"
    assert changed["leave_auto_approve_kinds"] == ["sick", "parental"]
    assert changed["kudos_monthly_allowance"] == 100  # not named, unchanged
    assert (await pulse("workspaces", "settings", workspace, "--json")).json() == changed
    text = await pulse("workspaces", "settings", workspace)
    assert "leave approval: manager (auto-approved kinds: sick, parental)" in text.stdout
    [entry] = await audit_entries(tenants.engine, workspace, "workspace.settings_changed")
    assert entry["actor"] == "cli"
    assert entry["details"] == {
        "leave_approval": {"from": "none", "to": "manager"},
        "leave_auto_approve_kinds": {"from": [], "to": ["sick", "parental"]},
    }

    # The API follows at once: vacation is requested, sick leave logged.
    api = await tenants.key(workspace)
    person = await api.create_employee(start_date="2020-01-01")
    for kind, day, status in (("vacation", 10, "requested"), ("sick", 11, "logged")):
        date = f"2025-03-{day}"
        body = {"employee_id": person["id"], "kind": kind, "start_date": date, "end_date": date}
        assert (await api.post("/v1/leave", json=body)).json()["status"] == status

    cleared = (await pulse(*update, "--no-auto-approve", "--json")).json()
    assert (cleared["leave_approval"], cleared["leave_auto_approve_kinds"]) == ("manager", [])
    back = (await pulse(*update, "--leave-approval", "none", "--json")).json()
    assert back["leave_approval"] == "none"

    (await pulse(*update, "--auto-approve", "holiday")).failed("holiday")
    (await pulse(*update, "--auto-approve", "sick", "--no-auto-approve")).failed("not both")
    wrong = await pulse(*update, "--leave-approval", "boss")
    assert wrong.code == 2 and "boss" in wrong.stderr
    assert (await pulse("workspaces", "settings", workspace, "--json")).json() == back


async def test_an_unreachable_database_is_one_line(pulse: Pulse, tmp_path: Any) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "pulse",
        "workspaces",
        "list",
        cwd=ROOT,
        env={**os.environ, "PULSE_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await process.communicate()
    run = Run(process.returncode or 0, stdout.decode(), stderr.decode())
    run.failed("cannot reach the database", "127.0.0.1:1")


async def test_openapi_prints_the_served_document(pulse: Pulse, client: httpx.AsyncClient) -> None:
    run = await pulse("openapi")
    printed = json.loads(run.stdout)
    assert run.code == 0, run.stderr
    served = (await client.get("/v1/openapi.json")).json()
    assert printed == served


async def _audit(tenants: Tenants, workspace: str) -> list[dict[str, Any]]:
    async with tenants.engine.connect() as conn:
        query = select(audit_log).where(audit_log.c.workspace_id == workspace)
        return [
            dict(row) for row in (await conn.execute(query.order_by(audit_log.c.id))).mappings()
        ]


async def test_keys_minted_and_revoked_from_the_cli_are_audited(
    pulse: Pulse, tenants: Tenants
) -> None:
    workspace = await tenants.workspace("Audited")
    created = (
        await create_key(pulse, workspace, "live", "--scope", "read:*", "--name", "ci")
    ).json()
    revoked = (await pulse("keys", "revoke", created["id"], "--json")).json()
    again = (await pulse("keys", "revoke", created["id"], "--json")).json()
    assert revoked["revoked_at"] == again["revoked_at"]
    entries = await _audit(tenants, workspace)
    assert [(e["actor"], e["action"], e["target"]) for e in entries] == [
        ("cli", "key.created", created["id"]),
        ("cli", "key.revoked", created["id"]),  # revoking again recorded nothing
    ]
    assert all(entry["environment"] == "live" and entry["ip"] is None for entry in entries)
    details = entries[0]["details"]
    assert details["name"] == "ci"
    assert details["scopes"] == ["read:*"]
    assert details["key"] == f"{created['prefix']}…{created['last4']}"
    assert created["secret"] not in json.dumps(entries, default=str)


async def test_a_failed_key_mint_writes_no_audit_entry(pulse: Pulse, tenants: Tenants) -> None:
    workspace = await tenants.workspace("Refused")
    (await create_key(pulse, workspace, "test", "--scope", "read:nothing")).failed("scope")
    assert await _audit(tenants, workspace) == []


async def test_members_create_and_reset_print_one_time_links(
    pulse: Pulse, tenants: Tenants, app: FastAPI
) -> None:
    workspace = await tenants.workspace("Console Co")
    email = f"Ada.{secrets.token_hex(4)}@Example.com"
    created = (
        await pulse(
            "members",
            "create",
            "--workspace",
            workspace,
            "--email",
            email,
            "--role",
            "owner",
            "--name",
            "Ada",
            "--base-url",
            "https://pulse.example.com/",
            "--json",
        )
    ).json()
    assert created["email"] == email.lower()
    assert created["role"] == "owner"
    assert created["name"] == "Ada"
    assert created["workspace_id"] == workspace
    assert "password_hash" not in created
    prefix = "https://pulse.example.com/developers/welcome/"
    assert created["sign_in_url"].startswith(prefix)
    assert parse_time(created["expires_at"]) - parse_time(created["created_at"]) == timedelta(
        hours=24
    )
    first = created["sign_in_url"].removeprefix(prefix)

    reset = (await pulse("members", "reset", "--email", email.upper(), "--json")).json()
    assert reset["id"] == created["id"]
    assert reset["sign_in_url"].startswith("http://127.0.0.1:8080/developers/welcome/")
    second = reset["sign_in_url"].rsplit("/", 1)[1]
    assert second != first

    plain = await pulse("members", "reset", "--email", email)
    assert plain.code == 0
    assert "/developers/welcome/" in plain.stdout
    third = plain.stdout.split("/developers/welcome/", 1)[1].split()[0]

    async with browser(app) as http:
        for dead in (first, second):  # a new link makes the older ones die
            assert (await http.get(f"/developers/welcome/{dead}")).status_code == 404
        assert (await welcome(http, third)).status_code == 303
        assert email.lower() in (await http.get("/developers")).text
    actions = [(e["actor"], e["action"]) for e in await _audit(tenants, workspace)]
    assert actions[:3] == [
        ("cli", "member.invited"),
        ("cli", "member.link_reset"),
        ("cli", "member.link_reset"),
    ]


async def test_members_create_refuses_what_it_cannot_do(pulse: Pulse, tenants: Tenants) -> None:
    workspace = await tenants.workspace("Strict")
    email = f"taken-{secrets.token_hex(4)}@example.com"
    other = await tenants.workspace("Elsewhere")
    first = await pulse(
        "members", "create", "--workspace", workspace, "--email", email, "--role", "viewer"
    )
    assert first.code == 0, first.stderr
    runs = await asyncio.gather(
        # Emails are unique across the deployment, not only within a workspace.
        pulse(
            "members",
            "create",
            "--workspace",
            other,
            "--email",
            email.upper(),
            "--role",
            "admin",
            "--json",
        ),
        pulse(
            "members",
            "create",
            "--workspace",
            "ws_nowhere",
            "--email",
            "x@example.com",
            "--role",
            "admin",
            "--json",
        ),
        pulse(
            "members",
            "create",
            "--workspace",
            workspace,
            "--email",
            "not-an-email",
            "--role",
            "admin",
            "--json",
        ),
        pulse("members", "reset", "--email", "nobody@example.com", "--json"),
    )
    runs[0].failed("already a console member")
    runs[1].failed("ws_nowhere")
    runs[2].failed("not an email address")
    runs[3].failed("nobody@example.com")
    wrong_role = await pulse(
        "members", "create", "--workspace", workspace, "--email", "r@example.com", "--role", "boss"
    )
    assert wrong_role.code == 2
