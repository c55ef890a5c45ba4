"""Running the delivery engine: inside `pulse serve`, or alone as `pulse worker`."""

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.db.engine import create_engine
from pulse.kit.runtime import freeze_startup_objects
from pulse.settings import Settings
from pulse.webhooks.engine import DeliveryEngine

log = logging.getLogger("pulse.webhooks")


@asynccontextmanager
async def delivering(engine: AsyncEngine, settings: Settings) -> AsyncIterator[None]:
    """Deliver webhooks in the background for as long as the block runs."""
    delivery = DeliveryEngine(engine, settings)
    stop = asyncio.Event()
    loop = asyncio.create_task(delivery.run(stop), name="pulse-delivery")
    try:
        yield
    finally:
        stop.set()
        await loop
        await delivery.close()


async def run_worker(settings: Settings) -> None:
    """`pulse worker`: deliver until SIGTERM or SIGINT, then finish what is in flight."""
    engine = create_engine(settings)
    stop = asyncio.Event()
    running = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        running.add_signal_handler(signum, stop.set)
    log.info("delivery worker started (concurrency %d)", settings.delivery_concurrency)
    delivery = DeliveryEngine(engine, settings)
    freeze_startup_objects()
    try:
        await delivery.run(stop)
    finally:
        await delivery.close()
        await engine.dispose()
    log.info("delivery worker stopped")
