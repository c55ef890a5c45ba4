"""Leave: the journal's rules, working-day counts, cancellation and balances."""

import asyncio
from datetime import date, timedelta
from typing import Any

import pytest

from pulse.audit.service import CLI
from pulse.db.session import transaction
from pulse.db.tables import leave
from pulse.kit.clock import today, utcnow
from pulse.kit.ids import new_id
from pulse.leave import calendar
from pulse.workspaces.settings import update_settings
from tests.support.api import Api, Tenants, assert_error
from tests.support.journals import event_types

# A Monday-to-Friday week with no public holiday in Italy.
WEEK = ("2025-03-10", "2025-03-14")


async def log(api: Api, employee_id: str | None, **fields: Any) -> Any:
    body = {"kind": "vacation", "start_date": WEEK[0], "end_date": WEEK[1], **fields}
    if employee_id is not None:
        body["employee_id"] = employee_id
    return await api.post("/v1/leave", json=body)


@pytest.fixture
async def employee(api: Api) -> dict[str, Any]:
    return await api.create_employee(start_date="2020-01-01", country="IT")


async def test_log_counts_working_days_and_writes_its_event(
    api: Api, tenants: Tenants, employee: dict[str, Any]
) -> None:
    response = await log(api, employee["id"], note="Lisbon")
    assert response.status_code == 201, response.text
    leave = response.json()
    assert leave["id"].startswith("lv_")
    assert leave["days"] == 5
    assert isinstance(leave["days"], int)
    assert leave["status"] == "logged"
    assert leave["cancelled_at"] is None
    assert leave["note"] == "Lisbon"
    assert (await api.get(f"/v1/leave/{leave['id']}")).json() == leave
    assert (await event_types(api, tenants))[-1] == ("leave.logged", leave)


async def test_holidays_of_the_employees_country_are_not_counted(api: Api) -> None:
    # 2026-04-06 is Easter Monday (a holiday in Italy and Germany, not in the UK),
    # 2026-04-03 Good Friday (in Germany and the UK, not in Italy).
    expected = {"IT": 9, "DE": 8, "GB": 9, "JP": 10}
    for country, days in expected.items():
        person = await api.create_employee(start_date="2020-01-01", country=country)
        response = await api.post(
            "/v1/leave",
            json={
                "employee_id": person["id"],
                "kind": "vacation",
                "start_date": "2026-03-30",
                "end_date": "2026-04-10",
            },
        )
        assert response.json()["days"] == days, country
        assert days == calendar.count_working_days(date(2026, 3, 30), date(2026, 4, 10), country)


async def test_half_days(api: Api, employee: dict[str, Any]) -> None:
    response = await log(api, employee["id"], days=4.5)
    assert response.json()["days"] == 4.5
    single = await log(
        api, employee["id"], start_date="2025-03-17", end_date="2025-03-17", days=0.5
    )
    assert single.json()["days"] == 0.5


@pytest.mark.parametrize(
    ("fields", "status", "field"),
    [
        ({"days": 5.5}, 422, "days"),
        ({"days": 0.3}, 400, "days"),
        ({"days": 0}, 400, "days"),
        ({"days": -1}, 400, "days"),
        ({"kind": "holiday"}, 400, "kind"),
        ({"start_date": "2025-02-30"}, 400, "start_date"),
        ({"note": "x" * 501}, 400, "note"),
        ({"status": "cancelled"}, 400, "status"),
    ],
)
async def test_bad_requests(
    api: Api, employee: dict[str, Any], fields: dict[str, Any], status: int, field: str
) -> None:
    code = "invalid_request" if status == 400 else "unprocessable_entity"
    assert_error(await log(api, employee["id"], **fields), status, code, [field])


async def test_end_before_start_is_422_with_the_references_message(
    api: Api, employee: dict[str, Any]
) -> None:
    response = await log(api, employee["id"], start_date="2025-03-14", end_date="2025-03-10")
    error = assert_error(response, 422, "unprocessable_entity", ["end_date"])
    assert error["message"] == "end_date must be after start_date"


async def test_a_weekend_is_zero_days(api: Api, employee: dict[str, Any]) -> None:
    response = await log(api, employee["id"], start_date="2025-03-15", end_date="2025-03-16")
    assert response.status_code == 201
    assert response.json()["days"] == 0
    explicit = await log(
        api, employee["id"], start_date="2025-03-22", end_date="2025-03-23", days=0.5
    )
    assert_error(explicit, 422, "unprocessable_entity", ["days"])


async def test_leave_must_fall_within_employment(api: Api) -> None:
    person = await api.create_employee(start_date="2025-03-12", end_date="2025-06-30")
    assert_error(await log(api, person["id"]), 422, "unprocessable_entity", ["start_date"])
    late = await log(api, person["id"], start_date="2025-06-30", end_date="2025-07-01")
    assert_error(late, 422, "unprocessable_entity", ["end_date"])
    last_day = await log(api, person["id"], start_date="2025-06-30", end_date="2025-06-30")
    assert last_day.status_code == 201


async def test_overlapping_logged_leave_is_409(api: Api, employee: dict[str, Any]) -> None:
    first = (await log(api, employee["id"])).json()
    for start, end in (("2025-03-14", "2025-03-20"), ("2025-03-01", "2025-03-10"), WEEK):
        clash = await log(api, employee["id"], start_date=start, end_date=end, kind="sick")
        error = assert_error(clash, 409, "conflict", ["start_date", "end_date"])
        assert first["id"] in error["message"]
    adjacent = await log(api, employee["id"], start_date="2025-03-15", end_date="2025-03-21")
    assert adjacent.status_code == 201
    colleague = await api.create_employee(start_date="2020-01-01")
    assert (await log(api, colleague["id"])).status_code == 201


async def test_cancelled_leave_no_longer_blocks(api: Api, employee: dict[str, Any]) -> None:
    first = (await log(api, employee["id"])).json()
    assert (await api.delete(f"/v1/leave/{first['id']}")).status_code == 200
    assert (await log(api, employee["id"])).status_code == 201


async def test_concurrent_overlapping_requests_log_exactly_one(
    api: Api, employee: dict[str, Any]
) -> None:
    starts = [date(2025, 4, 1) + timedelta(days=i) for i in range(10)]
    responses = await asyncio.gather(
        *(
            log(
                api,
                employee["id"],
                start_date=start.isoformat(),
                end_date=(start + timedelta(days=12)).isoformat(),
            )
            for start in starts
        )
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * 9
    listed = await api.get("/v1/leave", params={"employee_id": employee["id"]})
    assert listed.json()["total_count"] == 1


async def test_cancel_keeps_the_leave_and_tells_once(
    api: Api, tenants: Tenants, employee: dict[str, Any]
) -> None:
    leave = (await log(api, employee["id"])).json()
    response = await api.delete(f"/v1/leave/{leave['id']}")
    assert response.status_code == 200
    cancelled = response.json()
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancelled_at"] is not None
    assert {k: v for k, v in cancelled.items() if k not in ("status", "cancelled_at")} == {
        k: v for k, v in leave.items() if k not in ("status", "cancelled_at")
    }
    again = await api.delete(f"/v1/leave/{leave['id']}")
    assert again.json() == cancelled
    types = [kind for kind, _ in await event_types(api, tenants)]
    assert types == ["employee.created", "leave.logged", "leave.cancelled"]
    assert (await event_types(api, tenants))[-1][1] == cancelled


async def test_unknown_leave_or_employee_is_404(api: Api) -> None:
    assert_error(await api.delete("/v1/leave/lv_nope"), 404, "not_found")
    assert_error(await api.get("/v1/leave/lv_nope"), 404, "not_found")
    assert_error(await log(api, "emp_nope"), 404, "not_found", ["employee_id"])
    assert_error(await api.get("/v1/leave/balance/emp_nope"), 404, "not_found")


async def test_filters(api: Api) -> None:
    ada = await api.create_employee(start_date="2020-01-01")
    bob = await api.create_employee(start_date="2020-01-01")
    a1 = (await log(api, ada["id"], start_date="2025-01-06", end_date="2025-01-10")).json()
    a2 = (
        await log(api, ada["id"], kind="sick", start_date="2025-02-03", end_date="2025-02-04")
    ).json()
    b1 = (await log(api, bob["id"], start_date="2025-01-09", end_date="2025-01-20")).json()
    await api.delete(f"/v1/leave/{b1['id']}")

    async def ids(**params: str) -> list[str]:
        response = await api.get("/v1/leave", params=params)
        assert response.status_code == 200, response.text
        assert response.json()["total_count"] == len(response.json()["data"])
        return [leave["id"] for leave in response.json()["data"]]

    assert await ids() == [a1["id"], a2["id"], b1["id"]]
    assert await ids(employee_id=ada["id"]) == [a1["id"], a2["id"]]
    assert await ids(kind="sick") == [a2["id"]]
    assert await ids(status="cancelled") == [b1["id"]]
    assert await ids(status="logged") == [a1["id"], a2["id"]]
    # from/to select leave overlapping the window.
    assert await ids(**{"from": "2025-01-10", "to": "2025-01-31"}) == [a1["id"], b1["id"]]
    assert await ids(**{"from": "2025-01-21"}) == [a2["id"]]
    assert await ids(to="2025-01-08") == [a1["id"]]


def _ahead(days: int) -> date:
    return today() + timedelta(days=days)


def _working_span(start: date, count: int) -> tuple[date, date]:
    """A range from the first working day at or after `start` holding `count` working days."""
    day = start
    while not calendar.is_working_day(day, None):
        day += timedelta(days=1)
    first, seen = day, 0
    while True:
        if calendar.is_working_day(day, None):
            seen += 1
            if seen == count:
                return first, day
        day += timedelta(days=1)


async def test_balance_splits_taken_and_planned_and_prorates(api: Api) -> None:
    year = today().year
    person = await api.create_employee(start_date=f"{year - 3}-01-01")
    past_start, past_end = _working_span(date(year, 1, 2), 3)
    future_start, future_end = _working_span(date(year + 1, 3, 2), 2)  # not in this balance
    await log(api, person["id"], start_date=past_start.isoformat(), end_date=past_end.isoformat())
    await log(
        api,
        person["id"],
        kind="sick",
        start_date=future_start.isoformat(),
        end_date=future_end.isoformat(),
    )
    balance = (await api.get(f"/v1/leave/balance/{person['id']}")).json()
    assert balance["employee_id"] == person["id"]
    assert balance["year"] == year
    by_kind = {entry["kind"]: entry for entry in balance["balances"]}
    assert list(by_kind) == ["vacation", "sick", "personal", "parental", "unpaid", "other"]
    if past_end < today():
        assert by_kind["vacation"] == {
            "kind": "vacation",
            "allowance": 25,
            "taken": 3,
            "planned": 0,
            "pending": 0,
            "remaining": 22,
        }
    assert by_kind["personal"]["allowance"] == 3
    assert by_kind["sick"] == {
        "kind": "sick",
        "allowance": None,
        "taken": 0,
        "planned": 0,
        "pending": 0,
        "remaining": None,
    }
    next_year = (
        await api.get(f"/v1/leave/balance/{person['id']}", params={"year": year + 1})
    ).json()
    sick_next = next(entry for entry in next_year["balances"] if entry["kind"] == "sick")
    assert sick_next["planned"] == 2


async def test_balance_of_leave_across_today(api: Api) -> None:
    person = await api.create_employee(start_date="2020-01-01")
    start, end = _working_span(_ahead(-10), 12)
    await log(api, person["id"], start_date=start.isoformat(), end_date=end.isoformat(), days=11.5)
    # Whole days from the start, the half day last; only this year's days count.
    weights = [2] * 11 + [1]
    days = [
        start + timedelta(days=n)
        for n in range((end - start).days + 1)
        if calendar.is_working_day(start + timedelta(days=n), None)
    ]
    this_year = [(day, w) for day, w in zip(days, weights, strict=True) if day.year == today().year]
    taken = sum(w for day, w in this_year if day < today()) / 2
    planned = sum(w for day, w in this_year if day >= today()) / 2
    vacation = (await api.get(f"/v1/leave/balance/{person['id']}")).json()["balances"][0]
    assert (vacation["taken"], vacation["planned"]) == (taken, planned)
    assert vacation["remaining"] == 25 - taken - planned


async def test_balance_counts_only_days_inside_the_year(api: Api) -> None:
    person = await api.create_employee(start_date="2020-01-01")
    # 2024-12-30 (Mon) to 2025-01-03 (Fri): 1 January is New Year's Day in Italy too,
    # but this employee has no country, so 5 working days: 2 in 2024, 3 in 2025.
    await log(api, person["id"], start_date="2024-12-30", end_date="2025-01-03")
    for year, days in ((2024, 2), (2025, 3)):
        balance = (await api.get(f"/v1/leave/balance/{person['id']}", params={"year": year})).json()
        assert balance["balances"][0]["taken"] == days


async def test_balance_prorates_by_employment_in_the_year(api: Api) -> None:
    person = await api.create_employee(start_date="2025-07-01", end_date="2025-12-31")
    balance = (await api.get(f"/v1/leave/balance/{person['id']}", params={"year": 2025})).json()
    by_kind = {entry["kind"]: entry for entry in balance["balances"]}
    assert by_kind["vacation"]["allowance"] == 12.5  # 25 x 184/365 = 12.6
    assert by_kind["personal"]["allowance"] == 1.5  # 3 x 184/365 = 1.51
    before = (await api.get(f"/v1/leave/balance/{person['id']}", params={"year": 2024})).json()
    assert before["balances"][0]["allowance"] == 0


async def test_balance_follows_the_workspace_policy(api: Api, tenants: Tenants) -> None:
    async with transaction(tenants.engine) as conn:
        await update_settings(
            conn,
            api.tenant.workspace_id,
            actor=CLI,
            leave_allowances={"vacation": 30, "sick": 10, "personal": None},
        )
    person = await api.create_employee(start_date="2020-01-01")
    balance = (await api.get(f"/v1/leave/balance/{person['id']}")).json()
    allowances = {entry["kind"]: entry["allowance"] for entry in balance["balances"]}
    assert allowances == {
        "vacation": 30,
        "sick": 10,
        "personal": None,
        "parental": None,
        "unpaid": None,
        "other": None,
    }


@pytest.mark.parametrize("year", ["1899", "2201", "twenty"])
async def test_balance_year_is_validated(api: Api, year: str) -> None:
    person = await api.create_employee()
    response = await api.get(f"/v1/leave/balance/{person['id']}", params={"year": year})
    assert_error(response, 400, "invalid_request", ["year"])


@pytest.mark.parametrize(
    ("start", "end"),
    [("2030-01-01", "2200-12-30"), ("2025-01-01", "2026-01-02"), ("2024-01-01", "2025-01-01")],
)
async def test_leave_over_more_than_366_days_is_422(
    api: Api, employee: dict[str, Any], start: str, end: str
) -> None:
    response = await log(api, employee["id"], start_date=start, end_date=end)
    error = assert_error(response, 422, "unprocessable_entity", ["end_date"])
    assert "366 days" in error["message"]
    listed = await api.get("/v1/leave", params={"employee_id": employee["id"]})
    assert listed.json()["total_count"] == 0


async def test_leave_past_the_calendar_is_400(api: Api, employee: dict[str, Any]) -> None:
    response = await log(api, employee["id"], start_date="2030-01-01", end_date="9999-12-30")
    assert_error(response, 400, "invalid_request", ["end_date"])


@pytest.mark.parametrize(
    ("start", "end"), [("2024-01-01", "2024-12-31"), ("2025-03-01", "2026-03-01")]
)
async def test_a_year_of_leave_counts_every_working_day(
    api: Api, employee: dict[str, Any], start: str, end: str
) -> None:
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    assert (last - first).days + 1 == 366
    response = await log(api, employee["id"], start_date=start, end_date=end)
    assert response.status_code == 201, response.text
    walked = sum(
        1
        for n in range(366)
        if calendar.is_working_day(first + timedelta(days=n), employee["country"])
    )
    assert response.json()["days"] == walked


async def test_balance_of_leave_logged_before_the_span_was_bounded(
    api: Api, tenants: Tenants, employee: dict[str, Any]
) -> None:
    """A leave from 2030 to 9999, as it could be logged once, is counted year by year
    (public holidays end with the calendar in 2200)."""
    start, end = date(2030, 1, 1), date(9999, 12, 30)
    working = calendar.count_working_days(start, end, "IT")
    async with transaction(tenants.engine) as conn:
        await conn.execute(
            leave.insert().values(
                workspace_id=api.tenant.workspace_id,
                environment=api.tenant.environment.value,
                id=new_id("lv"),
                employee_id=employee["id"],
                kind="unpaid",
                start_date=start,
                end_date=end,
                half_days=working * 2,
                note=None,
                status="logged",
                created_at=utcnow(),
                cancelled_at=None,
            )
        )
    for year in (2030, 2200):
        response = await api.get(f"/v1/leave/balance/{employee['id']}", params={"year": year})
        assert response.status_code == 200, response.text
        unpaid = next(b for b in response.json()["balances"] if b["kind"] == "unpaid")
        whole_year = calendar.count_working_days(date(year, 1, 1), date(year, 12, 31), "IT")
        assert (unpaid["taken"], unpaid["planned"]) == (0, whole_year)
