"""Incidents: record a failure in its own transaction, decide its alert, read them back."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.core.errors import NotFound
from pulse.db.session import Session, transaction
from pulse.incidents import repository
from pulse.incidents.failures import Failure

# At most one alert per kind in this long.
ALERT_QUIET = timedelta(hours=1)
KIND_PREFIX = "inck_"
# How many of a kind's occurrences `show` lists.
SHOWN_OCCURRENCES = 20


@dataclass(frozen=True)
class Recorded:
    kind: dict[str, Any]
    incident: dict[str, Any]
    # This process won the kind's alert: it is new, or its last alert is an hour old.
    alert: bool


async def record(
    engine: AsyncEngine,
    incident_id: str,
    route: str,
    method: str,
    failure: Failure,
    now: datetime,
    alerting: bool = True,
) -> Recorded:
    """Keep one occurrence of `failure`; its own transaction (the request's has failed).
    With `alerting` (an alert webhook is set), claim the kind's alert when it is due."""
    incident = {
        "id": incident_id,
        "kind_id": failure.kind_id,
        "route": route,
        "method": method,
        "occurred_at": now,
        "traceback": failure.traceback,
    }
    async with transaction(engine) as db:
        kind = await repository.count_occurrence(
            db,
            {
                "id": failure.kind_id,
                "exception_type": failure.exception_type,
                "location": failure.location,
                "route": route,
                "method": method,
                "count": 1,
                "first_seen_at": now,
                "last_seen_at": now,
            },
        )
        await repository.insert_incident(db, incident)
        alert = alerting and await repository.claim_alert(
            db, failure.kind_id, now, now - ALERT_QUIET
        )
    return Recorded(kind, incident, alert)


async def newest_kinds(db: Session, limit: int = 50) -> list[dict[str, Any]]:
    return await repository.newest_kinds(db, limit)


async def show(db: Session, some_id: str) -> dict[str, Any]:
    """A kind (by its `inck_…` id) with its newest occurrences, or one occurrence (by the
    request id its 500 named) with its kind."""
    if some_id.startswith(KIND_PREFIX):
        kind = await repository.kind_by_id(db, some_id)
        if kind is None:
            raise NotFound(f"No incident kind {some_id}.")
        occurrences = await repository.newest_incidents_of(db, some_id, SHOWN_OCCURRENCES)
        return {"kind": kind, "incidents": occurrences}
    incident = await repository.incident_by_id(db, some_id)
    if incident is None:
        raise NotFound(f"No incident {some_id}.")
    kind = await repository.kind_by_id(db, incident["kind_id"])
    return {"kind": kind or {}, "incident": incident}
