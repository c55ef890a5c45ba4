"""No request holds the event loop: while one computes, every other request waits.

asyncio's debug mode reports each callback that runs longer than
`slow_callback_duration`. One callback is one uninterrupted stretch of a request's
work, so the check holds on a busy machine where wall-clock timings would not: it
fails only when a request computes for 50 ms without yielding.
"""

import asyncio
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from pulse.core.tenancy import Tenant
from pulse.db.dialect import insert_rows
from pulse.db.session import transaction
from pulse.db.tables import leave
from pulse.employees import service as employees
from pulse.employees.schemas import EmployeeCreate
from pulse.kit.clock import utcnow
from pulse.kit.ids import new_id
from pulse.kit.pagination import cursor_after
from pulse.kit.principals import Principal
from pulse.leave.schemas import LeaveFilters
from tests.support.api import Api, Tenants

SLOW_CALLBACK = 0.05
PAGE = 200


class SlowCallbacks(logging.Handler):
    """Keeps asyncio's "Executing <callback> took N seconds" reports."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.reports: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Executing"):
            self.reports.append(message)


@contextmanager
def slow_callbacks() -> Iterator[list[str]]:
    """The reports of callbacks over SLOW_CALLBACK seconds run inside the block."""
    loop = asyncio.get_running_loop()
    handler = SlowCallbacks()
    logger = logging.getLogger("asyncio")
    debug, threshold = loop.get_debug(), loop.slow_callback_duration
    logger.addHandler(handler)
    loop.slow_callback_duration = SLOW_CALLBACK
    loop.set_debug(True)
    try:
        yield handler.reports
    finally:
        loop.set_debug(debug)
        loop.slow_callback_duration = threshold
        logger.removeHandler(handler)


async def test_the_watch_sees_a_callback_that_blocks() -> None:
    with slow_callbacks() as reports:
        await asyncio.sleep(0)
        time.sleep(SLOW_CALLBACK * 1.5)  # holds the loop, as a long computation would
        await asyncio.sleep(0)
    assert len(reports) == 1, reports


async def full_workspace(api: Api, tenants: Tenants) -> str:
    """A page's worth of employees with every custom field filled, and leave logged
    over 2030 to 9999 as it could be before a leave was bounded to 366 days."""
    system = Principal.operator("system", api.tenant)
    custom = {f"field_{n}": "x" * 500 if n % 2 else 2**63 - 1 for n in range(50)}
    async with transaction(tenants.engine) as db:
        for n in range(PAGE + 1):
            data = EmployeeCreate(
                full_name=f"Person {n}",
                start_date=date(2020, 1, 1),
                country="DE",
                custom_fields=custom,
            )
            plan = await employees.plan_employee(db, system, data)
            await insert_rows(db, plan.rows)
        employee_id = str(plan.answer["id"])
        await db.execute(leave.insert().values(legacy_leave(api.tenant, employee_id)))
    return employee_id


def legacy_leave(tenant: Tenant, employee_id: str) -> dict[str, Any]:
    return {
        "workspace_id": tenant.workspace_id,
        "environment": tenant.environment.value,
        "id": new_id("lv"),
        "employee_id": employee_id,
        "kind": "unpaid",
        "start_date": date(2030, 1, 1),
        "end_date": date(9999, 12, 30),
        "half_days": 2_000_000,
        "note": None,
        "status": "logged",
        "created_at": utcnow(),
        "cancelled_at": None,
    }


async def worst_requests(api: Api, employee_id: str) -> list[tuple[int, int]]:
    """Each request's (expected, answered) status."""
    span = {"employee_id": employee_id, "kind": "vacation"}
    nul_cursor = cursor_after("leave", LeaveFilters(), "lv_\x00")
    requests: list[tuple[int, str, str, dict[str, Any]]] = [
        (
            422,
            "POST",
            "/v1/leave",
            {"json": {**span, "start_date": "2030-01-01", "end_date": "2200-12-30"}},
        ),
        (
            400,
            "POST",
            "/v1/leave",
            {"json": {**span, "start_date": "2030-01-01", "end_date": "9999-12-30"}},
        ),
        (
            201,
            "POST",
            "/v1/leave",
            {"json": {**span, "start_date": "2024-01-01", "end_date": "2024-12-31"}},
        ),
        (200, "GET", f"/v1/leave/balance/{employee_id}", {"params": {"year": 2200}}),
        (200, "GET", f"/v1/leave/balance/{employee_id}", {"params": {"year": 2024}}),
        (200, "GET", "/v1/employees", {"params": {"limit": PAGE}}),
        (200, "GET", "/v1/events", {"params": {"limit": PAGE}}),
        (200, "GET", "/v1/employees", {"params": {"limit": PAGE, "q": "person"}}),
        (
            400,
            "POST",
            "/v1/workload-checkins",
            {"json": {"employee_id": employee_id, "level": "heavy", "week_start": "9999-12-27"}},
        ),
        (400, "GET", "/v1/kudos", {"params": {"created_to": "9999-12-31T23:59:59-23:59"}}),
        (400, "GET", "/v1/events", {"params": {"created_from": "0001-01-01T00:00:00+23:59"}}),
        (400, "GET", "/v1/leave", {"params": {"cursor": nul_cursor}}),
    ]
    answered = []
    for expected, method, path, kwargs in requests:
        response = await api.request(method, path, **kwargs)
        answered.append((expected, response.status_code))
        if response.status_code == 201:
            await api.delete(f"/v1/leave/{response.json()['id']}")
    return answered


async def test_no_request_holds_the_event_loop(api: Api, tenants: Tenants) -> None:
    employee_id = await full_workspace(api, tenants)
    # Once unwatched: the first use of a country's holidays or of a query is a one-off.
    await worst_requests(api, employee_id)
    with slow_callbacks() as reports:
        answered = await worst_requests(api, employee_id)
    assert reports == []
    assert [expected for expected, _ in answered] == [status for _, status in answered]
