"""What the operations tests share: routes that fail on purpose (a real unhandled
exception, answered 500), each test with a kind of failure of its own."""

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from functools import cache

import httpx
from fastapi import FastAPI

# What the failing route's exceptions say: never kept with an incident.
MESSAGE = "password=hunter2"


@cache
def failure_class(name: str) -> type[Exception]:
    """An exception class of this name: a kind of failure of each test's own."""
    return type(name, (Exception,), {"__module__": __name__})


def add_failing_routes(app: FastAPI) -> None:
    @app.get("/test/raise/{name}")
    async def fail(name: str) -> None:
        raise failure_class(name)(MESSAGE)


AppOn = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]
