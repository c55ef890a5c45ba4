"""`/developers/settings`: read by every member, changed by owners and admins through
the same service as `pulse workspaces update`."""

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.db.session import reading
from pulse.members.roles import Role
from pulse.workspaces import settings
from tests.support.api import Tenants, assert_error
from tests.support.console import audit_entries, member_id_of, signed_in

CHANGE = {
    "kudos_monthly_allowance": "20",
    "rate_limit_per_minute": "",
    "leave:vacation": "30",
    "leave:sick": "",
    "leave:personal": "",
    "leave:parental": "12.5",
    "leave:unpaid": "",
    "leave:other": "0",
    "leave_approval": "none",
}


async def _settings(engine: AsyncEngine, workspace: str) -> dict[str, object]:
    async with reading(engine) as db:
        return await settings.get_settings(db, workspace)


async def test_every_role_reads_the_settings_and_only_changers_get_the_form(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace(rate_limit=7)
    for role in Role:
        member = await signed_in(app, engine, workspace, role)
        page = await member.get("/developers/settings")
        assert page.status_code == 200
        assert "100" in page.text and "7" in page.text
        assert ('action="/developers/settings"' in page.text) is (role is not Role.viewer)
        if role is Role.viewer:
            assert "7 requests per key per minute" in page.text
            forged = await member.post_form("/developers/settings", CHANGE)
            assert forged.status_code == 403
        await member.http.aclose()
    assert (await _settings(engine, workspace))["kudos_monthly_allowance"] == 100
    assert await audit_entries(engine, workspace, "workspace.settings_changed") == []


async def test_a_change_reaches_the_api_and_the_audit_log(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace(rate_limit=7)
    admin = await signed_in(app, engine, workspace, Role.admin)
    saved = await admin.post_form("/developers/settings", CHANGE)
    assert saved.status_code == 303
    assert saved.headers["location"] == "/developers/settings"
    shown = await _settings(engine, workspace)  # what `pulse workspaces settings` prints
    assert shown["kudos_monthly_allowance"] == 20
    assert shown["rate_limit_per_minute"] is None  # empty: the deployment's default
    assert shown["leave_policy"] == {
        "vacation": 30,
        "sick": None,
        "personal": None,
        "parental": 12.5,
        "unpaid": None,
        "other": 0,
    }
    page = await admin.get("/developers/settings")
    assert 'name="leave:parental" type="number" min="0" max="366" step="0.5" value="12.5"' in (
        page.text
    )

    api = await tenants.key(workspace)
    giver = await api.create_employee(start_date="2020-01-01")
    receiver = await api.create_employee(start_date="2020-01-01")
    body = {"from_employee_id": giver["id"], "to_employee_id": receiver["id"], "tag": "craft"}
    assert (await api.post("/v1/kudos", json={**body, "coins": 20})).status_code == 201
    assert_error(
        await api.post("/v1/kudos", json={**body, "coins": 1}), 422, "unprocessable_entity"
    )
    balance = (await api.get(f"/v1/leave/balance/{giver['id']}")).json()
    assert balance["balances"][0]["allowance"] == 30

    [entry] = await audit_entries(engine, workspace, "workspace.settings_changed")
    assert entry["actor"] == await member_id_of(engine, admin.email)
    assert entry["ip"] == "127.0.0.1"
    assert entry["details"]["kudos_monthly_allowance"] == {"from": 100, "to": 20}
    assert entry["details"]["rate_limit_per_minute"] == {"from": 7, "to": None}

    # The same form again changes nothing, so records nothing.
    assert (await admin.post_form("/developers/settings", CHANGE)).status_code == 303
    assert len(await audit_entries(engine, workspace, "workspace.settings_changed")) == 1
    await admin.http.aclose()


async def test_wrong_values_are_refused_and_change_nothing(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    owner = await signed_in(app, engine, workspace, Role.owner)
    before = await _settings(engine, workspace)
    for wrong in (
        {"kudos_monthly_allowance": "-1"},
        {"kudos_monthly_allowance": "many"},
        {"kudos_monthly_allowance": ""},
        {"leave:vacation": "2.3"},
        {"rate_limit_per_minute": "-5"},
    ):
        answer = await owner.post_form("/developers/settings", {**CHANGE, **wrong})
        assert answer.status_code == 400, wrong
        assert 'role="alert"' in answer.text
    missing_token = await owner.http.post("/developers/settings", data=CHANGE)
    assert missing_token.status_code == 403
    assert await _settings(engine, workspace) == before
    await owner.http.aclose()


async def test_score_weights_are_changed_in_the_form(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    owner = await signed_in(app, engine, workspace, Role.owner)
    page = await owner.get("/developers/settings")
    assert 'name="weight:time_off" type="number" min="0" max="100" step="any" value="1"' in (
        page.text
    )
    weights = {"weight:recognition": "2", "weight:workload": "", "weight:time_off": "0.5"}
    assert (await owner.post_form("/developers/settings", {**CHANGE, **weights})).status_code == 303
    shown = (await _settings(engine, workspace))["score_weights"]
    assert shown == {"recognition": 2, "workload": 1, "participation": 1, "time_off": 0.5}
    [entry] = await audit_entries(engine, workspace, "workspace.settings_changed")
    assert entry["details"]["score_weights"]["to"] == shown

    for wrong in (
        {"weight:workload": "-1"},
        {"weight:workload": "heavy"},
        {f"weight:{name}": "0" for name in shown},
    ):
        answer = await owner.post_form("/developers/settings", {**CHANGE, **wrong})
        assert answer.status_code == 400, wrong
        assert 'role="alert"' in answer.text
    assert (await _settings(engine, workspace))["score_weights"] == shown
    await owner.http.aclose()


async def test_leave_approval_is_chosen_in_the_form(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    owner = await signed_in(app, engine, workspace, Role.owner)
    form = {**CHANGE, "leave_approval": "manager", "auto_approve:sick": "on"}
    form["auto_approve:parental"] = "on"
    assert (await owner.post_form("/developers/settings", form)).status_code == 303
    shown = await _settings(engine, workspace)
    assert shown["leave_approval"] == "manager"
    assert shown["leave_auto_approve_kinds"] == ["sick", "parental"]
    page = await owner.get("/developers/settings")
    assert '<option value="manager" selected>' in page.text
    assert 'name="auto_approve:sick" checked' in page.text
    assert 'name="auto_approve:vacation">' in page.text
    [entry] = await audit_entries(engine, workspace, "workspace.settings_changed")
    assert entry["actor"] == await member_id_of(engine, owner.email)
    assert entry["details"]["leave_approval"] == {"from": "none", "to": "manager"}
    assert entry["details"]["leave_auto_approve_kinds"] == {"from": [], "to": ["sick", "parental"]}

    # The API follows: vacation is requested, sick leave logged at once.
    api = await tenants.key(workspace)
    person = await api.create_employee(start_date="2020-01-01")
    for kind, day, status in (
        ("vacation", "2025-03-10", "requested"),
        ("sick", "2025-03-11", "logged"),
    ):
        body = {"employee_id": person["id"], "kind": kind, "start_date": day, "end_date": day}
        assert (await api.post("/v1/leave", json=body)).json()["status"] == status

    # Unticking every box auto-approves no kind; a viewer reads the choice.
    assert (
        await owner.post_form("/developers/settings", {**CHANGE, "leave_approval": "manager"})
    ).status_code == 303
    assert (await _settings(engine, workspace))["leave_auto_approve_kinds"] == []
    wrong = await owner.post_form("/developers/settings", {**CHANGE, "leave_approval": "boss"})
    assert wrong.status_code == 400
    assert 'role="alert"' in wrong.text
    assert (await _settings(engine, workspace))["leave_approval"] == "manager"
    viewer = await signed_in(app, engine, workspace, Role.viewer)
    assert (
        "<dt>Leave approval</dt><dd>manager</dd>" in (await viewer.get("/developers/settings")).text
    )
    await owner.http.aclose()
    await viewer.http.aclose()
