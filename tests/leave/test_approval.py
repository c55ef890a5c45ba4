"""Leave approval: requests under `manager` approval, who decides them, what a decision
changes (overlaps, cancellation, balances, events), and two decisions racing."""

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from pulse.audit.service import CLI
from pulse.db.session import transaction
from pulse.kit.clock import today
from pulse.workspaces.settings import update_settings
from tests.support.api import Api, Tenants, assert_error
from tests.support.journals import event_types
from tests.support.servers import Server

# A Monday-to-Friday week with no public holiday (the employees have no country).
WEEK = ("2025-03-10", "2025-03-14")
LEAVE_SCOPES = ("read:leave", "write:leave")


@dataclass
class Team:
    """A manager, their report and a colleague, each with a personal key; `api` is an
    integration key with every scope."""

    api: Api
    manager: Api
    report: Api
    colleague: Api
    manager_id: str
    report_id: str
    colleague_id: str


async def set_approval(
    tenants: Tenants, workspace_id: str, approval: str, auto_approve: list[str] | None = None
) -> None:
    async with transaction(tenants.engine) as db:
        await update_settings(
            db,
            workspace_id,
            actor=CLI,
            leave_approval=approval,
            auto_approve_kinds=auto_approve,
        )


@pytest.fixture
async def team(api: Api, tenants: Tenants) -> Team:
    await set_approval(tenants, api.tenant.workspace_id, "manager", ["sick"])
    manager = await api.create_employee(start_date="2020-01-01")
    report = await api.create_employee(start_date="2020-01-01", manager_id=manager["id"])
    colleague = await api.create_employee(start_date="2020-01-01", manager_id=manager["id"])

    async def personal(employee_id: str) -> Api:
        return await tenants.key(
            api.tenant.workspace_id, scopes=LEAVE_SCOPES, employee_id=employee_id
        )

    return Team(
        api,
        await personal(manager["id"]),
        await personal(report["id"]),
        await personal(colleague["id"]),
        manager["id"],
        report["id"],
        colleague["id"],
    )


async def request(client: Api, **fields: Any) -> httpx.Response:
    """Leave for the client's own employee (a personal key) unless `employee_id` is given."""
    body = {"kind": "vacation", "start_date": WEEK[0], "end_date": WEEK[1], **fields}
    return await client.post("/v1/leave", json=body)


async def requested(client: Api, **fields: Any) -> dict[str, Any]:
    response = await request(client, **fields)
    assert response.status_code == 201, response.text
    leave: dict[str, Any] = response.json()
    assert leave["status"] == "requested"
    return leave


async def approve(client: Api, leave_id: str, **kwargs: Any) -> httpx.Response:
    return await client.post(f"/v1/leave/{leave_id}/approve", **kwargs)


async def decline(client: Api, leave_id: str, **kwargs: Any) -> httpx.Response:
    return await client.post(f"/v1/leave/{leave_id}/decline", **kwargs)


async def test_a_request_waits_for_a_decision_and_says_so(team: Team, tenants: Tenants) -> None:
    leave = await requested(team.report, note="Lisbon")
    assert leave["employee_id"] == team.report_id
    assert leave["days"] == 5
    assert (leave["decided_by"], leave["decided_at"], leave["decision_note"]) == (None,) * 3
    assert (await team.api.get(f"/v1/leave/{leave['id']}")).json() == leave
    assert (await event_types(team.api, tenants))[-1] == ("leave.requested", leave)


async def test_auto_approved_kinds_are_logged_at_once(team: Team, tenants: Tenants) -> None:
    response = await request(team.report, kind="sick")
    assert response.status_code == 201, response.text
    sick = response.json()
    assert sick["status"] == "logged"
    assert (await event_types(team.api, tenants))[-1] == ("leave.logged", sick)
    assert_error(await approve(team.manager, sick["id"]), 409, "conflict")


async def test_without_approval_leave_is_logged_as_before(api: Api, tenants: Tenants) -> None:
    person = await api.create_employee(start_date="2020-01-01")
    response = await request(api, employee_id=person["id"])
    logged = response.json()
    assert logged["status"] == "logged"
    assert (logged["decided_by"], logged["decided_at"], logged["decision_note"]) == (None,) * 3
    assert (await event_types(api, tenants))[-1] == ("leave.logged", logged)
    assert_error(await approve(api, logged["id"]), 409, "conflict")
    assert_error(await decline(api, logged["id"]), 409, "conflict")
    # Back to `none` after `manager`: new leave is logged again, kinds auto-approved or not.
    await set_approval(tenants, api.tenant.workspace_id, "manager", [])
    asked = await request(
        api, employee_id=person["id"], start_date="2025-03-17", end_date="2025-03-17"
    )
    assert asked.json()["status"] == "requested"
    await set_approval(tenants, api.tenant.workspace_id, "none")
    again = await request(
        api, employee_id=person["id"], start_date="2025-03-18", end_date="2025-03-18"
    )
    assert again.json()["status"] == "logged"


async def test_the_manager_approves_with_a_note(team: Team, tenants: Tenants) -> None:
    leave = await requested(team.report)
    response = await approve(team.manager, leave["id"], json={"note": "Enjoy Lisbon"})
    assert response.status_code == 200, response.text
    approved = response.json()
    assert approved["status"] == "approved"
    assert approved["decided_by"] == team.manager_id
    assert approved["decision_note"] == "Enjoy Lisbon"
    assert approved["decided_at"] is not None
    unchanged = ("status", "decided_by", "decided_at", "decision_note")
    assert {k: v for k, v in approved.items() if k not in unchanged} == {
        k: v for k, v in leave.items() if k not in unchanged
    }
    assert (await team.api.get(f"/v1/leave/{leave['id']}")).json() == approved
    events = await event_types(team.api, tenants)
    assert events[-2:] == [("leave.requested", leave), ("leave.approved", approved)]


async def test_an_integration_key_declines_without_a_decider(team: Team, tenants: Tenants) -> None:
    leave = await requested(team.report)
    writer = await tenants.key(team.api.tenant.workspace_id, scopes=("write:leave",))
    response = await decline(writer, leave["id"], json={"note": "Release week"})
    assert response.status_code == 200, response.text
    declined = response.json()
    assert declined["status"] == "declined"
    assert declined["decided_by"] is None
    assert declined["decision_note"] == "Release week"
    assert declined["decided_at"] is not None
    assert (await event_types(team.api, tenants))[-1] == ("leave.declined", declined)


async def test_a_decision_needs_no_body(team: Team) -> None:
    first, second = (
        await requested(team.report),
        await requested(team.report, start_date="2025-03-17", end_date="2025-03-17"),
    )
    bare = await approve(team.manager, first["id"])
    assert bare.status_code == 200, bare.text
    assert bare.json()["decision_note"] is None
    empty = await decline(team.manager, second["id"], json={})
    assert empty.status_code == 200, empty.text
    assert empty.json()["decision_note"] is None


async def test_only_the_manager_or_an_integration_key_with_write_leave_decides(
    team: Team, tenants: Tenants
) -> None:
    leave = await requested(team.report)
    workspace = team.api.tenant.workspace_id
    reader = await tenants.key(workspace, scopes=("read:leave",))
    grand_manager = await team.api.create_employee(start_date="2020-01-01")
    skip_level = await tenants.key(workspace, scopes=LEAVE_SCOPES, employee_id=grand_manager["id"])
    promoted = await team.api.patch(
        f"/v1/employees/{team.manager_id}",
        json={"manager_id": grand_manager["id"], "version": 1},
    )
    assert promoted.status_code == 200, promoted.text
    before = await event_types(team.api, tenants)
    for refused in (team.report, team.colleague, skip_level, reader):
        for decide in (approve, decline):
            assert_error(await decide(refused, leave["id"]), 403, "permission_denied")
    own = assert_error(await approve(team.report, leave["id"]), 403, "permission_denied")
    assert "own leave" in own["message"]
    assert (await team.api.get(f"/v1/leave/{leave['id']}")).json() == leave
    assert await event_types(team.api, tenants) == before
    # A manager does not decide their own leave either.
    their_own = await requested(team.manager)
    assert_error(await approve(team.manager, their_own["id"]), 403, "permission_denied")


async def test_a_second_decision_is_409_and_changes_nothing(team: Team, tenants: Tenants) -> None:
    leave = await requested(team.report)
    approved = (await approve(team.manager, leave["id"])).json()
    before = await event_types(team.api, tenants)
    for decide in (approve, decline):
        error = assert_error(await decide(team.manager, leave["id"]), 409, "conflict")
        assert "approved" in error["message"]
        assert_error(await decide(team.api, leave["id"]), 409, "conflict")
    assert (await team.api.get(f"/v1/leave/{leave['id']}")).json() == approved
    assert await event_types(team.api, tenants) == before


async def test_unknown_or_foreign_leave_is_404(team: Team, tenants: Tenants) -> None:
    assert_error(await approve(team.manager, "lv_nope"), 404, "not_found")
    stranger = await tenants.new()
    leave = await requested(team.report)
    assert_error(await approve(stranger, leave["id"]), 404, "not_found")
    assert_error(await decline(stranger, leave["id"]), 404, "not_found")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"note": "   "}, "note"),
        ({"note": "x" * 501}, "note"),
        ({"note": 5}, "note"),
        ({"status": "approved"}, "status"),
    ],
)
async def test_a_bad_decision_body_is_400(team: Team, body: dict[str, Any], field: str) -> None:
    leave = await requested(team.report)
    assert_error(
        await approve(team.manager, leave["id"], json=body), 400, "invalid_request", [field]
    )
    assert (await team.api.get(f"/v1/leave/{leave['id']}")).json()["status"] == "requested"


async def test_a_retried_decision_is_replayed_not_repeated(team: Team, tenants: Tenants) -> None:
    leave = await requested(team.report)
    key = {"Idempotency-Key": "decide-once"}
    first = await approve(team.manager, leave["id"], json={"note": "ok"}, headers=key)
    again = await approve(team.manager, leave["id"], json={"note": "ok"}, headers=key)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    types = [kind for kind, _ in await event_types(team.api, tenants)]
    assert types.count("leave.approved") == 1


async def test_requested_and_approved_leave_block_declined_and_cancelled_do_not(
    team: Team,
) -> None:
    weeks = [("2025-03-03", "2025-03-07"), ("2025-03-10", "2025-03-14")]
    weeks += [("2025-03-17", "2025-03-21"), ("2025-03-24", "2025-03-28")]
    waiting, approved, declined, cancelled = [
        await requested(team.report, start_date=start, end_date=end) for start, end in weeks
    ]
    await approve(team.manager, approved["id"])
    await decline(team.manager, declined["id"])
    await team.report.delete(f"/v1/leave/{cancelled['id']}")
    for blocking in (waiting, approved):
        clash = await request(
            team.report,
            kind="sick",
            start_date=blocking["start_date"],
            end_date=blocking["end_date"],
        )
        error = assert_error(clash, 409, "conflict", ["start_date", "end_date"])
        assert blocking["id"] in error["message"]
    for freed in (declined, cancelled):
        again = await request(
            team.report, start_date=freed["start_date"], end_date=freed["end_date"]
        )
        assert again.status_code == 201, again.text


async def test_cancel_requested_or_approved_leave_but_not_declined(
    team: Team, tenants: Tenants
) -> None:
    waiting = await requested(team.report)
    cancelled = (await team.report.delete(f"/v1/leave/{waiting['id']}")).json()
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancelled_at"] is not None
    assert (await event_types(team.api, tenants))[-1] == ("leave.cancelled", cancelled)
    assert_error(await approve(team.manager, waiting["id"]), 409, "conflict")

    approved_leave = await requested(team.report)
    approved = (await approve(team.manager, approved_leave["id"])).json()
    response = await team.report.delete(f"/v1/leave/{approved['id']}")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "cancelled"
    assert response.json()["decided_by"] == team.manager_id  # the decision stays on record

    declined_leave = await requested(team.report)
    declined = (await decline(team.manager, declined_leave["id"])).json()
    before = await event_types(team.api, tenants)
    assert_error(await team.report.delete(f"/v1/leave/{declined['id']}"), 409, "conflict")
    assert (await team.api.get(f"/v1/leave/{declined['id']}")).json() == declined
    assert await event_types(team.api, tenants) == before


def _future_week() -> tuple[str, str]:
    """A Monday-to-Friday week inside this year, after today (next year's first in late
    December, when the balance is asked for that year)."""
    monday = today() + timedelta(days=7 - today().weekday())
    if monday.year != (monday + timedelta(days=4)).year:
        monday += timedelta(days=7)
    return monday.isoformat(), (monday + timedelta(days=4)).isoformat()


async def vacation_balance(client: Api, employee_id: str, year: int) -> dict[str, Any]:
    response = await client.get(f"/v1/leave/balance/{employee_id}", params={"year": year})
    assert response.status_code == 200, response.text
    balance: dict[str, Any] = response.json()["balances"][0]
    assert balance["kind"] == "vacation"
    return balance


async def test_balance_counts_requests_as_pending_until_approved(team: Team) -> None:
    start, end = _future_week()
    year = date.fromisoformat(start).year
    leave = await requested(team.report, start_date=start, end_date=end)
    waiting = await vacation_balance(team.api, team.report_id, year)
    assert (waiting["taken"], waiting["planned"], waiting["pending"]) == (0, 0, 5)
    assert waiting["remaining"] == waiting["allowance"]
    await approve(team.manager, leave["id"])
    approved = await vacation_balance(team.api, team.report_id, year)
    assert (approved["taken"], approved["planned"], approved["pending"]) == (0, 5, 0)
    assert approved["remaining"] == approved["allowance"] - 5

    other = await requested(team.colleague, start_date=start, end_date=end)
    await decline(team.manager, other["id"])
    declined = await vacation_balance(team.api, team.colleague_id, year)
    assert (declined["taken"], declined["planned"], declined["pending"]) == (0, 0, 0)


async def test_the_status_filter_knows_every_status(team: Team) -> None:
    days = ["2025-03-10", "2025-03-11", "2025-03-12", "2025-03-13"]
    waiting, approved, declined, cancelled = [
        await requested(team.report, start_date=day, end_date=day) for day in days
    ]
    logged = (
        await request(team.report, kind="sick", start_date="2025-03-14", end_date="2025-03-14")
    ).json()
    await approve(team.manager, approved["id"])
    await decline(team.manager, declined["id"])
    await team.report.delete(f"/v1/leave/{cancelled['id']}")
    expected = {
        "requested": waiting,
        "approved": approved,
        "declined": declined,
        "cancelled": cancelled,
        "logged": logged,
    }
    for status, leave in expected.items():
        response = await team.api.get("/v1/leave", params={"status": status})
        assert response.status_code == 200, response.text
        assert [item["id"] for item in response.json()["data"]] == [leave["id"]], status
    assert_error(
        await team.api.get("/v1/leave", params={"status": "pending"}),
        400,
        "invalid_request",
        ["status"],
    )


async def _race(clients: list[Api], leave_ids: list[str]) -> None:
    """For each request, an approval and a decline at once: exactly one wins."""
    for leave_id in leave_ids:
        responses = await asyncio.gather(
            *(decide(client, leave_id) for client in clients for decide in (approve, decline))
        )
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [200] + [409] * (len(responses) - 1), [r.text for r in responses]
        [winner] = [response.json() for response in responses if response.status_code == 200]
        for loser in responses:
            if loser.status_code == 409:
                assert_error(loser, 409, "conflict")
        assert (await clients[0].get(f"/v1/leave/{leave_id}")).json() == winner


async def _requests(team: Team, count: int) -> list[str]:
    start = date(2025, 5, 5)
    ids = []
    for week in range(count):
        monday = start + timedelta(days=7 * week)
        leave = await requested(
            team.report,
            start_date=monday.isoformat(),
            end_date=(monday + timedelta(days=4)).isoformat(),
        )
        ids.append(leave["id"])
    return ids


async def test_concurrent_decisions_have_exactly_one_winner(team: Team, tenants: Tenants) -> None:
    ids = await _requests(team, 5)
    await _race([team.manager, team.api], ids)
    decisions = [
        kind
        for kind, _ in await event_types(team.api, tenants)
        if kind in ("leave.approved", "leave.declined")
    ]
    assert len(decisions) == len(ids)


async def test_concurrent_decisions_over_a_real_server(team: Team, server: Server) -> None:
    ids = await _requests(team, 5)
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        over_tcp = [
            Api(http, client.tenant, client.secret, client.key_id)
            for client in (team.manager, team.api, team.manager)
        ]
        await _race(over_tcp, ids)
