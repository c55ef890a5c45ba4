"""Dates and times near the ends of the calendar: every one the API takes, in a body or
a filter, is 400 outside 1900-01-01..2200-12-31 (never 500), and works up to its edges."""

from collections.abc import Callable
from typing import Any

import pytest

from tests.support.api import Api, assert_error

# Dates past the API's calendar, the far ones at the very ends of Python's: a week
# starting 9999-12-27 (a Monday) ends in year 10000.
DATES = ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-27", "9999-12-31"]
# Times whose conversion to UTC leaves Python's calendar, and times just past the API's.
TIMES = [
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59Z",
    "1899-12-31T23:59:59+00:00",
    "2201-01-01T00:00:00-01:00",
]

# Every body date: (method, path, field, body with the date).
BodyWith = Callable[[str, str], dict[str, Any]]
HIRE = {"full_name": "Ada", "start_date": "2024-01-01"}
LEAVE = {"kind": "vacation", "start_date": "2024-01-02", "end_date": "2024-01-03"}
BODY_DATES: list[tuple[str, str, str, BodyWith]] = [
    ("POST", "/v1/employees", "start_date", lambda e, d: {**HIRE, "start_date": d}),
    ("POST", "/v1/employees", "end_date", lambda e, d: {**HIRE, "end_date": d}),
    ("PATCH", "/v1/employees/{e}", "start_date", lambda e, d: {"start_date": d}),
    ("PATCH", "/v1/employees/{e}", "end_date", lambda e, d: {"end_date": d}),
    ("POST", "/v1/status-log", "date", lambda e, d: {"employee_id": e, "lines": ["x"], "date": d}),
    (
        "POST",
        "/v1/workload-checkins",
        "week_start",
        lambda e, d: {"employee_id": e, "level": "heavy", "week_start": d},
    ),
    ("POST", "/v1/leave", "start_date", lambda e, d: {**LEAVE, "employee_id": e, "start_date": d}),
    ("POST", "/v1/leave", "end_date", lambda e, d: {**LEAVE, "employee_id": e, "end_date": d}),
]

# Every date filter of every list, and every time filter.
DATE_FILTERS = [
    ("/v1/status-log", "date_from"),
    ("/v1/status-log", "date_to"),
    ("/v1/workload-checkins", "week_from"),
    ("/v1/workload-checkins", "week_to"),
    ("/v1/leave", "from"),
    ("/v1/leave", "to"),
]
TIME_FILTERS = [
    ("/v1/kudos", "created_from"),
    ("/v1/kudos", "created_to"),
    ("/v1/events", "created_from"),
    ("/v1/events", "created_to"),
]


@pytest.mark.parametrize("day", DATES)
@pytest.mark.parametrize(
    ("method", "path", "field", "body"),
    BODY_DATES,
    ids=[f"{m} {p} {f}" for m, p, f, _ in BODY_DATES],
)
async def test_body_dates_outside_the_calendar_are_400(
    api: Api, method: str, path: str, field: str, body: BodyWith, day: str
) -> None:
    employee = await api.create_employee(start_date="2020-01-01")
    response = await api.request(
        method, path.format(e=employee["id"]), json=body(employee["id"], day)
    )
    error = assert_error(response, 400, "invalid_request", [field])
    assert "1900-01-01 to 2200-12-31" in error["message"]


@pytest.mark.parametrize("day", DATES)
@pytest.mark.parametrize(("path", "name"), DATE_FILTERS)
async def test_date_filters_outside_the_calendar_are_400(
    api: Api, path: str, name: str, day: str
) -> None:
    response = await api.get(path, params={name: day})
    assert_error(response, 400, "invalid_request", [name])


@pytest.mark.parametrize("moment", TIMES)
@pytest.mark.parametrize(("path", "name"), TIME_FILTERS)
async def test_time_filters_outside_the_calendar_are_400(
    api: Api, path: str, name: str, moment: str
) -> None:
    response = await api.get(path, params={name: moment})
    assert_error(response, 400, "invalid_request", [name])


@pytest.mark.parametrize("year", ["1899", "2201", "9999", "0"])
async def test_balance_years_outside_the_calendar_are_400(api: Api, year: str) -> None:
    employee = await api.create_employee()
    response = await api.get(f"/v1/leave/balance/{employee['id']}", params={"year": year})
    assert_error(response, 400, "invalid_request", ["year"])


async def test_the_calendar_holds_up_to_its_edges(api: Api) -> None:
    employee = await api.create_employee(
        start_date="1900-01-01", end_date="2200-12-31", country="DE"
    )
    employee_id = employee["id"]
    first = await api.post(
        "/v1/status-log", json={"employee_id": employee_id, "lines": ["x"], "date": "1900-01-01"}
    )
    assert first.status_code == 201, first.text
    last_week = await api.post(
        "/v1/workload-checkins",
        json={"employee_id": employee_id, "level": "light", "week_start": "2200-12-29"},
    )
    assert last_week.status_code == 201, last_week.text
    last_leave = await api.post(
        "/v1/leave",
        json={
            **LEAVE,
            "employee_id": employee_id,
            "start_date": "2200-12-29",
            "end_date": "2200-12-31",
        },
    )
    assert last_leave.status_code == 201, last_leave.text
    balance = await api.get(f"/v1/leave/balance/{employee_id}", params={"year": "2200"})
    assert balance.status_code == 200, balance.text
    window = {
        "/v1/status-log": {"date_from": "1900-01-01", "date_to": "2200-12-31"},
        "/v1/workload-checkins": {"week_from": "1900-01-01", "week_to": "2200-12-31"},
        "/v1/leave": {"from": "1900-01-01", "to": "2200-12-31"},
        "/v1/kudos": {
            "created_from": "1900-01-01T00:00:00+23:59",
            "created_to": "2200-12-31T23:59:59-23:59",
        },
        "/v1/events": {
            "created_from": "1900-01-01T00:00:00+23:59",
            "created_to": "2200-12-31T23:59:59-23:59",
        },
    }
    for path, params in window.items():
        listed = await api.get(path, params=params)
        assert listed.status_code == 200, (path, listed.text)
    events = await api.get("/v1/events", params=window["/v1/events"])
    assert events.json()["total_count"] == 4
