"""Export: one document with everything the API shows about the person, and nothing
about anyone else."""

from typing import Any

from pulse.kit.clock import today
from tests.privacy.test_erasure import KEEPER, person_with_a_past
from tests.support.api import Api, Tenants, assert_error


async def listed(api: Api, path: str, **params: Any) -> list[dict[str, Any]]:
    response = await api.get(path, params={"limit": 200, **params})
    assert response.status_code == 200, response.text
    data: list[dict[str, Any]] = response.json()["data"]
    return data


async def test_the_export_holds_what_the_api_shows_about_the_person(api: Api) -> None:
    person, colleague = await person_with_a_past(api)
    # The colleague's own records must stay out of the person's export.
    await api.post(
        "/v1/status-log",
        json={"employee_id": colleague["id"], "lines": ["Not theirs."], "date": "2024-03-04"},
    )
    await api.post(
        "/v1/leave",
        json={
            "employee_id": colleague["id"],
            "kind": "vacation",
            "start_date": "2024-06-03",
            "end_date": "2024-06-03",
        },
    )
    response = await api.get(f"/v1/employees/{person['id']}/export")
    assert response.status_code == 200, response.text
    export = response.json()
    pid = person["id"]
    assert export["employee"] == (await api.get(f"/v1/employees/{pid}")).json()
    assert export["history"] == await listed(api, f"/v1/employees/{pid}/history")
    assert [entry["status"] for entry in export["history"]] == [
        "applied",
        "applied",
        "scheduled",
        "applied",
    ]
    assert export["status_log"] == await listed(api, "/v1/status-log", employee_id=pid)
    assert export["kudos_given"] == await listed(api, "/v1/kudos", from_employee_id=pid)
    assert export["kudos_received"] == await listed(api, "/v1/kudos", to_employee_id=pid)
    assert export["workload_checkins"] == await listed(
        api, "/v1/workload-checkins", employee_id=pid
    )
    assert export["leave"] == await listed(api, "/v1/leave", employee_id=pid)
    assert len(export["status_log"]) == len(export["leave"]) == 1
    assert len(export["kudos_given"]) == len(export["kudos_received"]) == 1
    years = [balance["year"] for balance in export["leave_balances"]]
    assert years == sorted({2024, today().year})
    for balance in export["leave_balances"]:
        shown = await api.get(f"/v1/leave/balance/{pid}", params={"year": balance["year"]})
        assert balance == shown.json()
    assert export["score"] == (await api.get(f"/v1/employees/{pid}/score")).json()
    assert export["score"]["factors"][0]["signals"]["kudos"] == 1
    text = response.text
    assert KEEPER not in text and "Not theirs." not in text
    assert export["exported_at"].endswith("Z")


async def test_export_is_tenant_scoped_and_personal_keys_export_themselves(
    api: Api, tenants: Tenants
) -> None:
    me = await api.create_employee()
    other = await api.create_employee(full_name="Someone Else")
    personal = await tenants.key(
        api.tenant.workspace_id, scopes=("read:employees",), employee_id=me["id"]
    )
    assert (await personal.get(f"/v1/employees/{me['id']}/export")).status_code == 200
    assert_error(
        await personal.get(f"/v1/employees/{other['id']}/export"), 403, "permission_denied"
    )
    stranger = await tenants.new()
    assert_error(await stranger.get(f"/v1/employees/{me['id']}/export"), 404, "not_found")
