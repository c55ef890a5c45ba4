"""Apps of their own for the operations tests: settings of the test's choosing, and
routes that fail on purpose (a real unhandled exception, answered 500)."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import cache
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from pulse.app import create_app
from tests.support.environment import make_settings

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


@pytest.fixture
def app_on(database_url: str) -> AppOn:
    """`async with app_on(**settings) as http:` an app of its own, its failing routes added."""

    @asynccontextmanager
    async def running(**overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        settings = {"delivery_in_process": False, **overrides}
        app = create_app(make_settings(database_url, **settings))
        add_failing_routes(app)
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        try:
            async with (
                app.router.lifespan_context(app),
                httpx.AsyncClient(transport=transport, base_url="http://pulse.test") as http,
            ):
                yield http
        finally:
            await app.state.runtime.engine.dispose()

    return running
