"""The delivery loop files the unexpected exceptions it survives as incidents."""

import asyncio
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.db.engine import create_engine
from pulse.db.session import transaction
from pulse.db.tables import incident_kinds, incidents
from pulse.incidents.reporting import DELIVERY_LOOP, IncidentReporter
from pulse.webhooks.engine import DeliveryEngine
from pulse.webhooks.worker import run_chores
from tests.support.environment import make_settings


async def test_a_crash_of_the_delivery_loop_is_an_incident(
    engine: AsyncEngine, database_url: str, tmp_path: Path
) -> None:
    reporter = IncidentReporter(engine, make_settings(database_url))
    filed: list[Exception] = []
    stop = asyncio.Event()

    async def on_failure(exc: Exception) -> None:
        await reporter.delivery_failed(exc)
        filed.append(exc)
        stop.set()

    # A database without the schema: the loop's first query fails, and it carries on.
    broken_settings = make_settings(f"sqlite:///{tmp_path / 'empty.db'}")
    broken = create_engine(broken_settings)
    delivery = DeliveryEngine(broken, broken_settings, on_failure=on_failure)
    try:
        await asyncio.wait_for(delivery.run(stop), timeout=30)
    finally:
        await delivery.close()
        await broken.dispose()
    assert len(filed) == 1
    route, method = DELIVERY_LOOP
    async with transaction(engine) as db:
        newest = (
            await db.execute(
                select(incidents, incident_kinds.c.exception_type)
                .join(incident_kinds, incident_kinds.c.id == incidents.c.kind_id)
                .where(incidents.c.route == route)
                .order_by(incidents.c.occurred_at.desc(), incidents.c.id.desc())
                .limit(1)
            )
        ).one()
    assert newest.id.startswith("inc_")
    assert newest.method == method
    assert newest.exception_type == "sqlalchemy.exc.OperationalError"
    assert "pulse/webhooks/engine.py" in newest.traceback


async def test_a_failing_chore_is_told_and_tried_again(engine: AsyncEngine) -> None:
    told: list[Exception] = []
    runs = 0
    stop = asyncio.Event()

    async def chore(_: AsyncEngine) -> int:
        nonlocal runs
        runs += 1
        if runs == 1:
            raise RuntimeError("the first pass fails")
        stop.set()
        return 0

    async def on_failure(exc: Exception) -> None:
        told.append(exc)

    await asyncio.wait_for(run_chores(engine, [chore], stop, 0.01, on_failure), timeout=30)
    assert [str(exc) for exc in told] == ["the first pass fails"]
    assert runs == 2
