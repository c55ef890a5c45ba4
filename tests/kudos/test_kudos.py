"""Kudos: between two active colleagues, within the giver's monthly allowance of coins."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from pulse.audit.service import CLI
from pulse.db.session import transaction
from pulse.db.tables import kudos
from pulse.kit.clock import today, utcnow
from pulse.workspaces.settings import update_settings
from tests.support.api import Api, Tenants, assert_error
from tests.support.journals import event_types, insert_kudos

PATH = "/v1/kudos"
NOTE = "Picked up the failing migration without anyone asking."


async def pair(api: Api) -> tuple[str, str]:
    """Two active employees: a giver and a receiver."""
    giver = await api.create_employee(full_name="Giver")
    receiver = await api.create_employee(full_name="Receiver")
    return giver["id"], receiver["id"]


def body(giver: str, receiver: str, **fields: Any) -> dict[str, Any]:
    return {
        "from_employee_id": giver,
        "to_employee_id": receiver,
        "coins": 10,
        "tag": "craft",
        **fields,
    }


async def set_allowance(tenants: Tenants, api: Api, coins: int) -> None:
    async with transaction(tenants.engine) as conn:
        await update_settings(
            conn, api.tenant.workspace_id, actor=CLI, kudos_monthly_allowance=coins
        )


async def test_the_quick_start_works_with_a_personal_key(tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    admin = await tenants.key(workspace)
    me, colleague = await pair(admin)
    personal = await tenants.key(workspace, employee_id=me)

    response = await personal.post(
        PATH, json={"to_employee_id": colleague, "coins": 10, "tag": "craft", "note": NOTE}
    )
    assert response.status_code == 201, response.text
    given = response.json()
    assert given["id"].startswith("kudo_")
    assert (given["from_employee_id"], given["to_employee_id"]) == (me, colleague)
    assert (given["coins"], given["tag"], given["note"]) == (10, "craft", NOTE)
    assert set(given) == {
        "id",
        "from_employee_id",
        "to_employee_id",
        "coins",
        "tag",
        "note",
        "created_at",
    }
    assert given["created_at"].endswith("Z")
    assert (await personal.get(f"{PATH}/{given['id']}")).json() == given
    assert (await admin.get(f"{PATH}/{given['id']}")).json() == given
    events = await event_types(admin, tenants)
    assert events[-1] == ("kudos.awarded", given)
    assert [kind for kind, _ in events].count("kudos.awarded") == 1


async def test_note_is_optional_and_trimmed(api: Api) -> None:
    giver, receiver = await pair(api)
    bare = await api.post(PATH, json=body(giver, receiver))
    assert bare.status_code == 201, bare.text
    assert bare.json()["note"] is None
    trimmed = await api.post(PATH, json=body(giver, receiver, note=f"  {NOTE}\n"))
    assert trimmed.json()["note"] == NOTE


async def test_a_personal_key_gives_only_as_its_own_employee(tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    admin = await tenants.key(workspace)
    me, colleague = await pair(admin)
    personal = await tenants.key(workspace, employee_id=me)

    as_someone_else = await personal.post(PATH, json=body(colleague, me))
    assert_error(as_someone_else, 403, "permission_denied", ["from_employee_id"])
    as_itself = await personal.post(PATH, json=body(me, colleague))
    assert as_itself.status_code == 201, as_itself.text
    assert (await admin.get(PATH, params={"from_employee_id": colleague})).json()[
        "total_count"
    ] == 0


async def test_an_integration_key_must_name_the_giver(api: Api) -> None:
    giver, receiver = await pair(api)
    named = await api.post(PATH, json=body(giver, receiver))
    assert named.status_code == 201, named.text
    unnamed = {"to_employee_id": receiver, "coins": 10, "tag": "craft"}
    assert_error(await api.post(PATH, json=unnamed), 400, "invalid_request", ["from_employee_id"])


@pytest.mark.parametrize(
    ("fields", "failing"),
    [
        ({"coins": 0}, ["coins"]),
        ({"coins": -5}, ["coins"]),
        ({"coins": 1.5}, ["coins"]),
        ({"coins": 10.0}, ["coins"]),
        ({"coins": "10"}, ["coins"]),
        ({"coins": True}, ["coins"]),
        ({"coins": 1_000_001}, ["coins"]),
        ({"coins": None}, ["coins"]),
        ({"tag": "Craft"}, ["tag"]),
        ({"tag": "team work"}, ["tag"]),
        ({"tag": "team_work"}, ["tag"]),
        ({"tag": ""}, ["tag"]),
        ({"tag": "t" * 33}, ["tag"]),
        ({"note": "n" * 501}, ["note"]),
        ({"note": "   "}, ["note"]),
        ({"to_employee_id": None}, ["to_employee_id"]),
        ({"emoji": "🎉"}, ["emoji"]),
    ],
)
async def test_bad_shapes_are_400(api: Api, fields: dict[str, Any], failing: list[str]) -> None:
    giver, receiver = await pair(api)
    response = await api.post(PATH, json=body(giver, receiver, **fields))
    assert_error(response, 400, "invalid_request", failing)


async def test_missing_required_fields_are_all_named(api: Api) -> None:
    giver, _ = await pair(api)
    response = await api.post(PATH, json={"from_employee_id": giver})
    error = assert_error(response, 400, "invalid_request")
    assert sorted(error["fields"]) == ["coins", "tag", "to_employee_id"]


async def test_the_largest_shapes_are_accepted(api: Api, tenants: Tenants) -> None:
    await set_allowance(tenants, api, 1_000_000)
    giver, receiver = await pair(api)
    fields = {"coins": 1_000_000, "tag": "a-1" + "z" * 29, "note": "n" * 500}
    response = await api.post(PATH, json=body(giver, receiver, **fields))
    assert response.status_code == 201, response.text
    assert response.json()["coins"] == 1_000_000


async def test_no_self_kudos(api: Api) -> None:
    giver, _ = await pair(api)
    response = await api.post(PATH, json=body(giver, giver))
    assert_error(response, 422, "unprocessable_entity", ["to_employee_id"])


async def test_no_self_kudos_with_a_personal_key(tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    me, _ = await pair(await tenants.key(workspace))
    personal = await tenants.key(workspace, employee_id=me)
    response = await personal.post(PATH, json={"to_employee_id": me, "coins": 1, "tag": "x"})
    assert_error(response, 422, "unprocessable_entity", ["to_employee_id"])


async def test_unknown_employees_are_404_naming_the_field(api: Api) -> None:
    giver, receiver = await pair(api)
    unknown_giver = await api.post(PATH, json=body("emp_nope", receiver))
    assert_error(unknown_giver, 404, "not_found", ["from_employee_id"])
    unknown_receiver = await api.post(PATH, json=body(giver, "emp_nope"))
    assert_error(unknown_receiver, 404, "not_found", ["to_employee_id"])


async def test_an_unknown_kudos_is_404(api: Api) -> None:
    assert_error(await api.get(f"{PATH}/kudo_nope"), 404, "not_found")


@pytest.mark.parametrize(
    ("start", "end", "active"),
    [
        (timedelta(days=-400), None, True),
        (timedelta(days=0), None, True),
        (timedelta(days=-400), timedelta(days=1), True),
        (timedelta(days=1), None, False),
        (timedelta(days=-400), timedelta(days=0), False),
        (timedelta(days=-400), timedelta(days=-30), False),
    ],
    ids=[
        "employed",
        "starts_today",
        "leaves_tomorrow",
        "starts_tomorrow",
        "left_today",
        "left_last_month",
    ],
)
@pytest.mark.parametrize("role", ["from_employee_id", "to_employee_id"])
async def test_both_employees_must_be_active_today(
    api: Api, role: str, start: timedelta, end: timedelta | None, active: bool
) -> None:
    day = today()
    subject = await api.create_employee(
        start_date=(day + start).isoformat(),
        end_date=None if end is None else (day + end).isoformat(),
    )
    other = await api.create_employee()
    giver, receiver = (
        (subject["id"], other["id"]) if role == "from_employee_id" else (other["id"], subject["id"])
    )
    response = await api.post(PATH, json=body(giver, receiver))
    if active:
        assert response.status_code == 201, response.text
    else:
        assert_error(response, 422, "unprocessable_entity", [role])


async def test_the_default_allowance_is_100_coins_a_month(api: Api) -> None:
    giver, receiver = await pair(api)
    assert (await api.post(PATH, json=body(giver, receiver, coins=60))).status_code == 201
    over = await api.post(PATH, json=body(giver, receiver, coins=41))
    error = assert_error(over, 422, "unprocessable_entity", ["coins"])
    assert "40 of 100 coins left" in error["message"]
    assert (await api.post(PATH, json=body(giver, receiver, coins=40))).status_code == 201
    spent = await api.post(PATH, json=body(giver, receiver, coins=1))
    error = assert_error(spent, 422, "unprocessable_entity", ["coins"])
    assert "0 of 100 coins left" in error["message"]
    # The allowance is the giver's: the receiver may still give their own.
    returned = await api.post(PATH, json=body(receiver, giver, coins=100))
    assert returned.status_code == 201, returned.text


async def test_the_workspace_sets_the_allowance(api: Api, tenants: Tenants) -> None:
    await set_allowance(tenants, api, 20)
    giver, receiver = await pair(api)
    assert (await api.post(PATH, json=body(giver, receiver, coins=15))).status_code == 201
    over = await api.post(PATH, json=body(giver, receiver, coins=6))
    error = assert_error(over, 422, "unprocessable_entity", ["coins"])
    assert "5 of 20 coins left" in error["message"]
    assert (await api.post(PATH, json=body(giver, receiver, coins=5))).status_code == 201


async def test_an_allowance_of_zero_stops_all_kudos(api: Api, tenants: Tenants) -> None:
    await set_allowance(tenants, api, 0)
    giver, receiver = await pair(api)
    response = await api.post(PATH, json=body(giver, receiver, coins=1))
    assert_error(response, 422, "unprocessable_entity", ["coins"])


async def test_only_this_calendar_month_counts(api: Api, tenants: Tenants) -> None:
    giver, receiver = await pair(api)
    month_start = utcnow().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    await insert_kudos(tenants, api, giver, receiver, 100, month_start - timedelta(seconds=1))
    await insert_kudos(tenants, api, giver, receiver, 30, month_start)
    over = await api.post(PATH, json=body(giver, receiver, coins=71))
    error = assert_error(over, 422, "unprocessable_entity", ["coins"])
    assert "70 of 100 coins left" in error["message"]
    assert (await api.post(PATH, json=body(giver, receiver, coins=70))).status_code == 201


async def test_last_months_kudos_do_not_count(api: Api, tenants: Tenants) -> None:
    giver, receiver = await pair(api)
    given = await api.post(PATH, json=body(giver, receiver, coins=100))
    assert given.status_code == 201
    # Move it into last month, as if a month had passed.
    async with transaction(tenants.engine) as conn:
        await conn.execute(
            update(kudos)
            .where(kudos.c.id == given.json()["id"])
            .values(created_at=utcnow().replace(day=1) - timedelta(days=1))
        )
    assert (await api.post(PATH, json=body(giver, receiver, coins=100))).status_code == 201


async def test_concurrent_kudos_never_overspend(api: Api, tenants: Tenants) -> None:
    giver, receiver = await pair(api)
    responses = await asyncio.gather(
        *(api.post(PATH, json=body(giver, receiver, coins=15)) for _ in range(10))
    )
    assert sorted(r.status_code for r in responses) == [201] * 6 + [422] * 4
    for response in responses:
        if response.status_code == 422:
            assert_error(response, 422, "unprocessable_entity", ["coins"])
    listed = (await api.get(PATH, params={"from_employee_id": giver})).json()
    assert listed["total_count"] == 6
    assert sum(item["coins"] for item in listed["data"]) == 90
    awarded = [kind for kind, _ in await event_types(api, tenants) if kind == "kudos.awarded"]
    assert len(awarded) == 6


async def test_filters(api: Api, tenants: Tenants) -> None:
    ada = (await api.create_employee(full_name="Ada"))["id"]
    bob = (await api.create_employee(full_name="Bob"))["id"]
    cy = (await api.create_employee(full_name="Cy"))["id"]
    made = {}
    for name, giver, receiver, tag, created_at in (
        ("a", ada, bob, "craft", "2025-01-10T09:00:00Z"),
        ("b", ada, cy, "teamwork", "2025-01-10T10:00:00Z"),
        ("c", bob, cy, "craft", "2025-01-10T10:00:01Z"),
        ("d", cy, ada, "craft", "2025-01-11T00:00:00Z"),
    ):
        response = await api.post(PATH, json=body(giver, receiver, coins=1, tag=tag))
        assert response.status_code == 201, response.text
        made[name] = response.json()["id"]
        async with transaction(tenants.engine) as conn:
            moment = datetime.fromisoformat(created_at).astimezone(UTC)
            await conn.execute(
                update(kudos).where(kudos.c.id == made[name]).values(created_at=moment)
            )

    async def names(**params: str) -> list[str]:
        response = await api.get(PATH, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        assert page["total_count"] == len(page["data"])
        by_id = {kudos_id: name for name, kudos_id in made.items()}
        return [by_id[item["id"]] for item in page["data"]]

    assert await names() == ["a", "b", "c", "d"]
    assert await names(from_employee_id=ada) == ["a", "b"]
    assert await names(to_employee_id=cy) == ["b", "c"]
    assert await names(tag="craft") == ["a", "c", "d"]
    assert await names(from_employee_id=ada, tag="craft") == ["a"]
    # Both bounds are inclusive, and any offset names the same instant.
    assert await names(created_from="2025-01-10T10:00:00Z") == ["b", "c", "d"]
    assert await names(created_to="2025-01-10T10:00:00Z") == ["a", "b"]
    assert await names(
        created_from="2025-01-10T11:00:00+01:00", created_to="2025-01-10T10:00:01Z"
    ) == ["b", "c"]
    assert await names(created_from="2025-01-11T00:00:01Z") == []
    listed = (await api.get(PATH, params={"created_to": "2025-01-10T10:00:00Z"})).json()["data"]
    assert [item["created_at"] for item in listed] == [
        "2025-01-10T09:00:00Z",
        "2025-01-10T10:00:00Z",
    ]


async def test_pages_count_every_match(api: Api) -> None:
    giver, receiver = await pair(api)
    for _ in range(3):
        assert (await api.post(PATH, json=body(giver, receiver, coins=1))).status_code == 201
    first = (await api.get(PATH, params={"limit": 2, "tag": "craft"})).json()
    assert len(first["data"]) == 2 and first["total_count"] == 3
    params = {"limit": 2, "tag": "craft", "cursor": first["next_cursor"]}
    second = (await api.get(PATH, params=params)).json()
    assert len(second["data"]) == 1 and second["next_cursor"] is None
    assert second["total_count"] == 3
    other_filters = await api.get(PATH, params={**params, "tag": "teamwork"})
    assert_error(other_filters, 400, "invalid_request", ["cursor"])


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"created_from": "2025-01-10"}, ["created_from"]),
        ({"created_from": "2025-01-10T10:00:00"}, ["created_from"]),
        ({"created_to": "yesterday"}, ["created_to"]),
        ({"tag": "Craft"}, ["tag"]),
        ({"giver": "emp_x"}, ["giver"]),
    ],
)
async def test_bad_filters_are_400(api: Api, params: dict[str, str], fields: list[str]) -> None:
    assert_error(await api.get(PATH, params=params), 400, "invalid_request", fields)
