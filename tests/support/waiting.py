"""Waiting on real processes: poll a condition until it holds, within a bound."""

import asyncio
import inspect
from collections.abc import Awaitable, Callable


async def wait_for(condition: Callable[[], bool | Awaitable[bool]], seconds: float = 60) -> None:
    """Poll `condition` (plain or async) every 0.1 s until it holds; fail after `seconds`."""
    for _ in range(int(seconds / 0.1)):
        held = condition()
        if await held if inspect.isawaitable(held) else held:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"not within {seconds} s")
