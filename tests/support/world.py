"""Builds a World (one record of each kind) through the API."""

from pulse.audit.service import CLI
from pulse.core.tenancy import Environment, Tenant
from pulse.db.session import transaction
from pulse.workspaces.settings import LeaveApproval, update_settings
from tests.support.api import Api, Tenants
from tests.support.routes import World


def webhook_url(tenant: Tenant) -> str:
    """A receiver each environment accepts: live mode needs https to a public host
    (this one does not resolve here, which live mode lets through)."""
    if tenant.environment is Environment.live:
        return "https://hooks.example.com/pulse"
    return "http://127.0.0.1:9/hook"


async def build_world(api: Api, tenants: Tenants) -> World:
    # The world's leave is requested, so that every leave route (a decision too) succeeds.
    async with transaction(tenants.engine) as db:
        await update_settings(
            db, api.tenant.workspace_id, actor=CLI, leave_approval=LeaveApproval.manager.value
        )
    employee = await api.create_employee(start_date="2020-01-01")
    entry = await api.post(
        "/v1/status-log",
        json={"employee_id": employee["id"], "lines": ["Planning."], "date": "2024-03-01"},
    )
    assert entry.status_code == 201, entry.text
    colleague = await api.create_employee(full_name="Grace Hopper", start_date="2021-06-01")
    checkin = await api.post(
        "/v1/workload-checkins",
        json={"employee_id": employee["id"], "level": "balanced", "week_start": "2024-03-04"},
    )
    assert checkin.status_code == 201, checkin.text
    kudos = await api.post(
        "/v1/kudos",
        json={
            "from_employee_id": employee["id"],
            "to_employee_id": colleague["id"],
            "coins": 5,
            "tag": "teamwork",
        },
    )
    assert kudos.status_code == 201, kudos.text
    leave = await api.post(
        "/v1/leave",
        json={
            "employee_id": employee["id"],
            "kind": "vacation",
            "start_date": "2024-04-01",
            "end_date": "2024-04-02",
        },
    )
    assert leave.status_code == 201, leave.text
    assert leave.json()["status"] == "requested"
    endpoint = await api.post(
        "/v1/webhook-endpoints", json={"url": webhook_url(api.tenant), "events": ["*"]}
    )
    assert endpoint.status_code == 201, endpoint.text
    change = await api.patch(
        f"/v1/employees/{employee['id']}",
        json={"role": "Lead", "effective_date": "2200-01-01"},
    )
    assert change.status_code == 202, change.text
    former = await api.create_employee(
        full_name="Alan Turing", start_date="2019-01-01", end_date="2020-01-01"
    )
    # Last, so that every record above has made its event.
    events = await api.get("/v1/events", params={"limit": 200})
    assert events.status_code == 200, events.text
    return World(
        employee_id=employee["id"],
        status_log_id=entry.json()["id"],
        colleague_id=colleague["id"],
        checkin_id=checkin.json()["id"],
        kudos_id=kudos.json()["id"],
        leave_id=leave.json()["id"],
        webhook_endpoint_id=endpoint.json()["id"],
        change_id=change.json()["id"],
        former_id=former["id"],
        event_ids=tuple(event["id"] for event in events.json()["data"]),
    )
