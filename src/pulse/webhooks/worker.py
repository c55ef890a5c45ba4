"""Running the delivery engine: inside `pulse serve`, or alone as `pulse worker`.

Beside delivery the same loop runs the deployment's other chores (applying scheduled
employee changes): each is a function of the engine that does what is due now and
returns how much it did, safe to run in any number of workers at once.
"""

import asyncio
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager, suppress

from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.db.engine import create_engine
from pulse.kit.runtime import freeze_startup_objects
from pulse.settings import Settings
from pulse.webhooks.engine import DeliveryEngine, OnFailure

log = logging.getLogger("pulse.webhooks")

Chore = Callable[[AsyncEngine], Awaitable[int]]


async def run_chores(
    engine: AsyncEngine,
    chores: Sequence[Chore],
    stop: asyncio.Event,
    poll_seconds: float,
    on_failure: OnFailure | None = None,
) -> None:
    """Run each chore, then again after `poll_seconds` (at once if it had work), until
    `stop` is set. A chore that raises is told to `on_failure`, as the delivery loop's
    failures are, and tried again at the next pass."""
    while not stop.is_set():
        busy = False
        for chore in chores:
            try:
                busy = await chore(engine) > 0 or busy
            except Exception as exc:
                log.exception("chore %s failed; retrying", getattr(chore, "__name__", chore))
                if on_failure is not None:
                    await on_failure(exc)
        if not busy:
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=poll_seconds)


@asynccontextmanager
async def delivering(
    engine: AsyncEngine,
    settings: Settings,
    chores: Sequence[Chore] = (),
    on_failure: OnFailure | None = None,
) -> AsyncIterator[None]:
    """Deliver webhooks (and run `chores`) in the background for as long as the block runs."""
    delivery = DeliveryEngine(engine, settings, on_failure=on_failure)
    stop = asyncio.Event()
    loop = asyncio.create_task(delivery.run(stop), name="pulse-delivery")
    chores_loop = asyncio.create_task(
        run_chores(engine, chores, stop, settings.delivery_poll_seconds, on_failure),
        name="pulse-chores",
    )
    try:
        yield
    finally:
        stop.set()
        await asyncio.gather(loop, chores_loop)
        await delivery.close()


async def run_worker(
    settings: Settings,
    chores: Sequence[Chore] = (),
    on_failure: Callable[[AsyncEngine], OnFailure] | None = None,
) -> None:
    """`pulse worker`: deliver (and run `chores`) until SIGTERM or SIGINT, then finish
    what is in flight.

    `on_failure`, given the worker's engine, makes what the loop tells of the unexpected
    exceptions it survives (the command files them as incidents)."""
    engine = create_engine(settings)
    stop = asyncio.Event()
    running = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        running.add_signal_handler(signum, stop.set)
    log.info("delivery worker started (concurrency %d)", settings.delivery_concurrency)
    reporter = on_failure(engine) if on_failure is not None else None
    try:
        async with delivering(engine, settings, chores, reporter):
            freeze_startup_objects()
            await stop.wait()
    finally:
        await engine.dispose()
    log.info("delivery worker stopped")
