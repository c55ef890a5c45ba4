"""Personal keys act as their employee: they default to them and write for nobody else."""

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete

from pulse.db.session import transaction
from pulse.db.tables import employees
from pulse.kit.clock import today
from tests.support.api import Api, Tenants, assert_error

# Each journal write: its path, a body without the acting employee, and that field's name.
WRITES: list[tuple[str, dict[str, Any], str]] = [
    (
        "/v1/status-log",
        {"lines": ["Shipped the OG localiser."], "date": "2025-03-03"},
        "employee_id",
    ),
    ("/v1/workload-checkins", {"level": "heavy", "week_start": "2025-03-03"}, "employee_id"),
    (
        "/v1/leave",
        {"kind": "vacation", "start_date": "2025-03-03", "end_date": "2025-03-04"},
        "employee_id",
    ),
    (
        "/v1/kudos",
        {"coins": 10, "tag": "craft", "note": "Picked up the migration."},
        "from_employee_id",
    ),
]
WRITE_IDS = [path for path, _, _ in WRITES]


async def people(tenants: Tenants) -> tuple[Api, Api, str, str]:
    """An integration key, a personal key, the personal key's employee and a colleague."""
    workspace = await tenants.workspace()
    admin = await tenants.key(workspace)
    me = (await admin.create_employee(full_name="Me", start_date="2020-01-01"))["id"]
    colleague = (await admin.create_employee(full_name="Colleague", start_date="2020-01-01"))["id"]
    personal = await tenants.key(workspace, employee_id=me)
    return admin, personal, me, colleague


def _body(path: str, body: dict[str, Any], colleague: str) -> dict[str, Any]:
    # Kudos need a receiver besides the sender.
    return {**body, "to_employee_id": colleague} if path == "/v1/kudos" else dict(body)


@pytest.mark.parametrize(("path", "body", "field"), WRITES, ids=WRITE_IDS)
async def test_omitting_the_employee_means_the_keys_own(
    tenants: Tenants, path: str, body: dict[str, Any], field: str
) -> None:
    _, personal, me, colleague = await people(tenants)
    response = await personal.post(path, json=_body(path, body, colleague))
    assert response.status_code == 201, response.text
    assert response.json()[field] == me


@pytest.mark.parametrize(("path", "body", "field"), WRITES, ids=WRITE_IDS)
async def test_naming_oneself_is_fine(
    tenants: Tenants, path: str, body: dict[str, Any], field: str
) -> None:
    _, personal, me, colleague = await people(tenants)
    response = await personal.post(path, json={**_body(path, body, colleague), field: me})
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(("path", "body", "field"), WRITES, ids=WRITE_IDS)
async def test_writing_for_another_employee_is_403(
    tenants: Tenants, path: str, body: dict[str, Any], field: str
) -> None:
    admin, personal, _, colleague = await people(tenants)
    third = (await admin.create_employee(full_name="Third", start_date="2020-01-01"))["id"]
    for someone_else in (colleague, third, "emp_unknown"):
        payload = {**_body(path, body, colleague), field: someone_else}
        if path == "/v1/kudos" and someone_else == colleague:
            payload["to_employee_id"] = third
        response = await personal.post(path, json=payload)
        assert_error(response, 403, "permission_denied", [field])
    assert (await admin.get(path)).json()["total_count"] == 0


@pytest.mark.parametrize(("path", "body", "field"), WRITES, ids=WRITE_IDS)
async def test_an_integration_key_must_name_the_employee(
    tenants: Tenants, path: str, body: dict[str, Any], field: str
) -> None:
    admin, _, _, colleague = await people(tenants)
    response = await admin.post(path, json=_body(path, body, colleague))
    assert_error(response, 400, "invalid_request", [field])


async def test_cancelling_someone_elses_leave_is_403(tenants: Tenants) -> None:
    admin, personal, me, colleague = await people(tenants)
    theirs = await admin.post(
        "/v1/leave",
        json={
            "employee_id": colleague,
            "kind": "sick",
            "start_date": "2025-03-03",
            "end_date": "2025-03-03",
        },
    )
    assert_error(
        await personal.delete(f"/v1/leave/{theirs.json()['id']}"), 403, "permission_denied"
    )
    assert (await admin.get(f"/v1/leave/{theirs.json()['id']}")).json()["status"] == "logged"
    mine = await personal.post(
        "/v1/leave", json={"kind": "sick", "start_date": "2025-03-04", "end_date": "2025-03-04"}
    )
    cancelled = await personal.delete(f"/v1/leave/{mine.json()['id']}")
    assert cancelled.json()["status"] == "cancelled"
    assert mine.json()["employee_id"] == me


async def test_the_references_quick_start(tenants: Tenants) -> None:
    """The quick start's two calls, with a personal key bound to the sender."""
    _, personal, me, colleague = await people(tenants)
    entry = await personal.post(
        "/v1/status-log",
        json={
            "employee_id": me,
            "lines": [
                "Shipped the OG localiser. Three locales live.",
                "Hit a CLS regression on /product; fix in 1742.",
                "Pairing with Niccolò on the workload trend curve.",
            ],
        },
    )
    assert entry.status_code == 201, entry.text
    kudos = await personal.post(
        "/v1/kudos",
        json={
            "to_employee_id": colleague,
            "coins": 10,
            "tag": "craft",
            "note": "Picked up the failing migration without anyone asking.",
        },
    )
    assert kudos.status_code == 201, kudos.text
    assert kudos.json()["from_employee_id"] == me


# A personal key stands for its employee only while they work here.


async def test_offboarding_ends_the_employees_key_at_once(tenants: Tenants) -> None:
    admin, personal, me, colleague = await people(tenants)
    leave = {"kind": "sick", "start_date": "2025-03-03", "end_date": "2025-03-03"}
    logged = await admin.post("/v1/leave", json={**leave, "employee_id": colleague, "note": "Flu"})
    assert logged.status_code == 201, logged.text
    assert (await personal.get("/v1/leave")).json()["total_count"] == 1

    offboarded = await admin.delete(f"/v1/employees/{me}")
    assert offboarded.json()["status"] == "former"
    for response in (
        await personal.get("/v1/leave"),
        await personal.get(f"/v1/leave/{logged.json()['id']}"),
        await personal.post("/v1/status-log", json={"lines": ["Still here?"]}),
    ):
        error = assert_error(response, 401, "unauthenticated", [])
        assert f"employee {me}" in error["message"] and "ended" in error["message"]
    assert (await admin.get("/v1/status-log")).json()["total_count"] == 0
    # The workspace's other keys are untouched.
    assert (await admin.get("/v1/leave")).status_code == 200


@pytest.mark.parametrize(
    ("days_from_today", "works"),
    [(-30, False), (0, False), (1, True)],
    ids=["ended", "ends_today", "ends_tomorrow"],
)
async def test_a_key_works_until_its_employees_end_date_comes(
    tenants: Tenants, days_from_today: int, works: bool
) -> None:
    admin, personal, me, _ = await people(tenants)
    end_date = (today() + timedelta(days=days_from_today)).isoformat()
    changed = await admin.patch(f"/v1/employees/{me}", json={"end_date": end_date})
    assert changed.status_code == 200, changed.text
    response = await personal.get(f"/v1/employees/{me}")
    if works:
        assert response.status_code == 200, response.text
    else:
        assert_error(response, 401, "unauthenticated", [])
    # Taking the end date back restores the key: it answers for the employee as they are.
    await admin.patch(f"/v1/employees/{me}", json={"end_date": None})
    assert (await personal.get(f"/v1/employees/{me}")).status_code == 200


async def test_a_key_whose_employee_record_is_gone_is_401(tenants: Tenants) -> None:
    _, personal, me, _ = await people(tenants)
    async with transaction(tenants.engine) as db:
        await db.execute(delete(employees).where(employees.c.id == me))
    error = assert_error(await personal.get("/v1/leave"), 401, "unauthenticated", [])
    assert f"employee {me} does not exist" in error["message"]
