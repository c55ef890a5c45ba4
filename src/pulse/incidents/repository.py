"""SQL of incidents and their kinds."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import insert, or_, select, update

from pulse.db.dialect import upsert
from pulse.db.session import Session
from pulse.db.tables import incident_kinds, incidents

Row = dict[str, Any]


async def count_occurrence(db: Session, kind: Mapping[str, Any]) -> Row:
    """Create the kind with a count of 1, or count one more of it; the kind as it is now."""
    k = incident_kinds
    statement = upsert(
        db,
        k,
        kind,
        {
            "count": k.c.count + 1,
            "last_seen_at": kind["last_seen_at"],
            "route": kind["route"],
            "method": kind["method"],
        },
    ).returning(*k.c)
    return dict((await db.execute(statement)).mappings().one())


async def insert_incident(db: Session, row: Mapping[str, Any]) -> None:
    await db.execute(insert(incidents).values(**row))


async def claim_alert(db: Session, kind_id: str, now: datetime, quiet_since: datetime) -> bool:
    """Mark the kind alerted now unless it was alerted after `quiet_since`; whether it
    was marked. Conditional, so of several processes only one wins an hour's alert."""
    k = incident_kinds
    result = await db.execute(
        update(k)
        .where(
            k.c.id == kind_id,
            or_(k.c.last_alerted_at.is_(None), k.c.last_alerted_at <= quiet_since),
        )
        .values(last_alerted_at=now)
    )
    return bool(result.rowcount == 1)


async def newest_kinds(db: Session, limit: int) -> list[Row]:
    k = incident_kinds
    query = select(k).order_by(k.c.last_seen_at.desc(), k.c.id).limit(limit)
    return [dict(row) for row in (await db.execute(query)).mappings()]


async def kind_by_id(db: Session, kind_id: str) -> Row | None:
    query = select(incident_kinds).where(incident_kinds.c.id == kind_id)
    row = (await db.execute(query)).mappings().one_or_none()
    return dict(row) if row else None


async def incident_by_id(db: Session, incident_id: str) -> Row | None:
    query = select(incidents).where(incidents.c.id == incident_id)
    row = (await db.execute(query)).mappings().one_or_none()
    return dict(row) if row else None


async def newest_incidents_of(db: Session, kind_id: str, limit: int) -> list[Row]:
    i = incidents
    query = (
        select(i.c.id, i.c.route, i.c.method, i.c.occurred_at)
        .where(i.c.kind_id == kind_id)
        .order_by(i.c.occurred_at.desc(), i.c.id.desc())
        .limit(limit)
    )
    return [dict(row) for row in (await db.execute(query)).mappings()]
