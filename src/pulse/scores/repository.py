"""SQL of the Employee Score: the journals of some employees over a stretch of days.

Each read takes a list of employees, so one employee and a group of two hundred cost
the same few statements; every read follows an index that leads with the employee.
"""

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Column, ColumnElement, Row, String, Table, cast, func, or_, select

from pulse.core.tenancy import Tenant
from pulse.db.queries import in_tenant
from pulse.db.session import Session
from pulse.db.tables import employees, kudos, leave, status_log, workload_checkins
from pulse.leave.schemas import TAKING_DAYS

DAY_SEPARATOR = ","
# Ids per statement: far below both databases' limits on bound parameters.
CHUNK = 500

Conditions = Callable[[Sequence[str]], list[ColumnElement[bool]]]


async def _rows(
    db: Session,
    tenant: Tenant,
    table: Table,
    columns: Sequence[ColumnElement[Any]],
    ids: Sequence[str],
    conditions: Conditions,
    group_by: Column[Any] | None = None,
) -> list[Row[Any]]:
    """The columns of the rows matching `conditions` for the employees `ids`, a chunk of
    employees per statement. Plain rows, not mappings: a group reads tens of thousands."""
    rows: list[Row[Any]] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        query = select(*columns).where(*in_tenant(table, tenant), *conditions(chunk))
        if group_by is not None:
            query = query.group_by(group_by)
        rows.extend((await db.execute(query)).all())
    return rows


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


async def kudos_received(
    db: Session, tenant: Tenant, ids: Sequence[str], first: date, last: date
) -> list[Row[Any]]:
    """Receiver, giver and time of the kudos received from `first` to `last` (UTC days),
    along ix_kudos_receiver_time."""
    return await _rows(
        db,
        tenant,
        kudos,
        [kudos.c.to_employee_id, kudos.c.from_employee_id, kudos.c.created_at],
        ids,
        lambda chunk: [
            kudos.c.to_employee_id.in_(chunk),
            kudos.c.created_at >= _midnight(first),
            kudos.c.created_at < _midnight(last + timedelta(days=1)),
        ],
    )


async def checkins(
    db: Session, tenant: Tenant, ids: Sequence[str], first: date, last: date
) -> list[Row[Any]]:
    """Check-ins of the weeks starting from `first` to `last`."""
    table = workload_checkins
    return await _rows(
        db,
        tenant,
        table,
        [table.c.employee_id, table.c.week_start, table.c.level],
        ids,
        lambda chunk: [
            table.c.employee_id.in_(chunk),
            table.c.week_start >= first,
            table.c.week_start <= last,
        ],
    )


async def status_days(
    db: Session, tenant: Tenant, ids: Sequence[str], first: date, last: date
) -> dict[str, set[date]]:
    """Each employee's days from `first` to `last` with a status-log entry.

    A year of stand-ups is tens of thousands of rows for a department: they come back as
    one row per employee, the days joined in one string, which costs a tenth as much to
    read as a row per day."""
    days = func.aggregate_strings(cast(status_log.c.date, String), DAY_SEPARATOR).label("days")
    rows = await _rows(
        db,
        tenant,
        status_log,
        [status_log.c.employee_id, days],
        ids,
        lambda chunk: [
            status_log.c.employee_id.in_(chunk),
            status_log.c.date >= first,
            status_log.c.date <= last,
        ],
        group_by=status_log.c.employee_id,
    )
    return {
        row.employee_id: {date.fromisoformat(day) for day in row.days.split(DAY_SEPARATOR)}
        for row in rows
    }


async def taken_leave(
    db: Session, tenant: Tenant, ids: Sequence[str], first: date, last: date
) -> list[Row[Any]]:
    """Leave taken (logged or approved; not requested, declined or cancelled) touching the
    days `first` to `last`."""
    return await _rows(
        db,
        tenant,
        leave,
        [
            leave.c.employee_id,
            leave.c.kind,
            leave.c.start_date,
            leave.c.end_date,
            leave.c.half_days,
        ],
        ids,
        lambda chunk: [
            leave.c.employee_id.in_(chunk),
            leave.c.status.in_([status.value for status in TAKING_DAYS]),
            leave.c.start_date <= last,
            leave.c.end_date >= first,
        ],
    )


async def employed_on(db: Session, tenant: Tenant, day: date) -> list[dict[str, Any]]:
    """The employees employed on `day`, with what the factors and the groupings read."""
    query = (
        select(
            employees.c.id,
            employees.c.start_date,
            employees.c.end_date,
            employees.c.country,
            employees.c.department,
            employees.c.manager_id,
            employees.c.location,
        )
        .where(
            *in_tenant(employees, tenant),
            employees.c.start_date <= day,
            or_(employees.c.end_date.is_(None), employees.c.end_date >= day),
        )
        .order_by(employees.c.id)
    )
    return [dict(row) for row in (await db.execute(query)).mappings()]
