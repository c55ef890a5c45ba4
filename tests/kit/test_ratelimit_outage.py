"""A Redis outage is logged once when it begins and once when it ends; meanwhile requests
are served uncounted, and counting resumes when Redis answers again."""

import logging
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from pulse.app import create_app
from tests.support.api import Api, Tenants
from tests.support.environment import make_settings
from tests.support.redis_server import RedisServer

PATH = "/v1/employees?limit=1"
LIMIT = 1000


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def api_on_redis(database_url: str, redis_server: RedisServer) -> AsyncIterator[Api]:
    """A key on an app of its own, counting in `redis_server`."""
    settings = make_settings(database_url, redis_url=redis_server.url, rate_limit_per_minute=LIMIT)
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pulse.test") as http:
        yield await Tenants(app.state.runtime.engine, http).new()
    await app.state.runtime.engine.dispose()


def outage_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "pulse.ratelimit"]


async def test_an_outage_is_one_warning_then_one_recovery_line(
    api_on_redis: Api, redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    api = api_on_redis
    caplog.set_level(logging.INFO, logger="pulse.ratelimit")
    counted = await api.get(PATH)
    assert counted.status_code == 200
    assert counted.headers["x-ratelimit-remaining"] == str(LIMIT - 1)

    redis_server.stop()
    for _ in range(50):
        response = await api.get(PATH)
        assert response.status_code == 200, response.text
        assert "x-ratelimit-remaining" not in response.headers  # served uncounted
    [began] = outage_lines(caplog)
    assert began.levelno == logging.WARNING
    assert "unreachable" in began.getMessage()
    assert began.exc_info is None  # no traceback

    redis_server.start()  # empty: it kept nothing of the first window
    caplog.clear()
    first, second = await api.get(PATH), await api.get(PATH)
    assert first.headers["x-ratelimit-remaining"] == str(LIMIT - 1)
    assert second.headers["x-ratelimit-remaining"] == str(LIMIT - 2)
    [ended] = outage_lines(caplog)
    assert "answers again" in ended.getMessage()
    assert "50 served uncounted" in ended.getMessage()
