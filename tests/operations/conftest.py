"""Apps of their own for the operations tests: settings of the test's choosing, with the
routes that fail on purpose (tests/support/operations.py)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from pulse.app import create_app
from tests.support.environment import make_settings
from tests.support.operations import AppOn, add_failing_routes


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
