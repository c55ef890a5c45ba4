"""Rate limits on real `pulse serve` processes: shared through Redis, off, per workspace."""

import asyncio
import math
import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import httpx
import pytest
import redis.asyncio as redis

from tests.support.api import Tenants, assert_error
from tests.support.environment import REDIS_URL, REQUIRE_SERVICES
from tests.support.servers import Server

RFC3339_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
BATCH = 20  # concurrent requests at a time: more only queue on the servers' DB pools
# Drop idle connections before uvicorn's 5 s keep-alive timeout does, or a request sent
# just as the server closes its connection fails with "Server disconnected".
POOL = httpx.Limits(max_connections=BATCH, max_keepalive_connections=BATCH, keepalive_expiry=2)
PATH = "/v1/employees?limit=1"


async def redis_available() -> bool:
    client = redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        return bool(await client.ping())
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        return False
    finally:
        await client.aclose()


def reset_time(response: httpx.Response) -> float:
    value = response.headers["x-ratelimit-reset"]
    assert RFC3339_UTC.fullmatch(value), value
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()


async def gather_get(
    clients: Sequence[httpx.AsyncClient], count: int, headers: dict[str, str]
) -> list[httpx.Response]:
    """`count` concurrent GETs, alternating between `clients`."""
    return await asyncio.gather(
        *(clients[i % len(clients)].get(PATH, headers=headers) for i in range(count))
    )


async def test_limit_is_shared_by_processes_through_redis(
    server_factory: Callable[..., Server], tenants: Tenants
) -> None:
    if not await redis_available():
        if REQUIRE_SERVICES:
            pytest.fail(f"Redis is required but unreachable at {REDIS_URL}")
        pytest.skip(f"Redis unreachable at {REDIS_URL}")
    # Started side by side (each start blocks until the server is ready).
    servers = await asyncio.gather(
        *(asyncio.to_thread(server_factory, env={"PULSE_REDIS_URL": REDIS_URL}) for _ in range(2))
    )
    api = await tenants.new()
    async with (
        httpx.AsyncClient(base_url=servers[0].base_url, limits=POOL, timeout=30) as one,
        httpx.AsyncClient(base_url=servers[1].base_url, limits=POOL, timeout=30) as two,
    ):
        clients = (one, two)

        # One at a time, alternating: each process counts the other's requests too.
        started = time.time()
        responses = []
        for i in range(10):
            response = await clients[i % 2].get(PATH, headers=api.headers)
            assert response.status_code == 200, response.text
            assert response.headers["x-ratelimit-limit"] == "1000"
            responses.append(response)
        remaining = [int(r.headers["x-ratelimit-remaining"]) for r in responses]
        assert remaining == list(range(999, 989, -1))
        # Reset: when the window's oldest request leaves it, rounded up to the second.
        reset = reset_time(responses[0])
        assert math.ceil(started + 60) <= reset <= math.ceil(time.time() + 60)

        # The rest of the 1000 concurrently, in batches. A batch starts after the
        # previous one ended, so all its counts are below the previous batch's.
        floor = 990
        while len(responses) < 1000:
            batch = await gather_get(clients, min(BATCH, 1000 - len(responses)), api.headers)
            responses += batch
            assert [r.status_code for r in batch] == [200] * len(batch), batch[0].text
            counts = [int(r.headers["x-ratelimit-remaining"]) for r in batch]
            assert 1000 - len(responses) <= min(counts) and max(counts) < floor, counts
            floor = min(counts)
        assert floor == 0  # the batch's last count saw all 1000 requests
        assert time.time() - started < 50, "too slow: the window would start to move"

        # Each process served about 500, yet both refuse now: the limit is shared.
        for client in clients:
            refused = await client.get(PATH, headers=api.headers)
            now = time.time()
            assert_error(refused, 429, "rate_limited")
            assert refused.headers["x-ratelimit-limit"] == "1000"
            assert refused.headers["x-ratelimit-remaining"] == "0"
            retry_after = refused.headers["retry-after"]
            assert retry_after.isdigit() and 1 <= int(retry_after) <= 60, retry_after
            assert now < reset_time(refused) <= math.ceil(now + 60)
            # Both round up to whole seconds, so they may differ by up to 2 s.
            assert abs(reset_time(refused) - (now + int(retry_after))) <= 2


async def test_limit_zero_means_unlimited(
    server_factory: Callable[..., Server], tenants: Tenants
) -> None:
    server = server_factory(env={"PULSE_RATE_LIMIT_PER_MINUTE": "0"})
    api = await tenants.new()
    async with httpx.AsyncClient(base_url=server.base_url, limits=POOL, timeout=30) as http:
        statuses: list[int] = []
        # One more than the default limit of 1000 would allow.
        for size in [BATCH] * (1000 // BATCH) + [1]:
            batch = await gather_get([http], size, api.headers)
            statuses += [r.status_code for r in batch]
            for response in batch:
                leaked = [h for h in response.headers if h.lower().startswith("x-ratelimit-")]
                assert not leaked, response.headers
    assert statuses == [200] * 1001


async def test_workspace_override_limits_only_that_workspace(
    server: Server, tenants: Tenants
) -> None:
    capped = await tenants.key(await tenants.workspace("Capped", rate_limit=3))
    other = await tenants.key(await tenants.workspace("Uncapped"))
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        # Every authenticated answer counts and carries the headers, errors included.
        answers = [
            await http.get(PATH, headers=capped.headers),
            await http.get("/v1/employees/emp_01NOSUCHEMPLOYEE00000000000", headers=capped.headers),
            await http.get(PATH, headers=capped.headers),
        ]
        assert [r.status_code for r in answers] == [200, 404, 200]
        for response, left in zip(answers, (2, 1, 0), strict=True):
            assert response.headers["x-ratelimit-limit"] == "3"
            assert response.headers["x-ratelimit-remaining"] == str(left)
        refused = await http.get(PATH, headers=capped.headers)
        assert_error(refused, 429, "rate_limited")
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.headers["x-ratelimit-remaining"] == "0"
        for left in range(999, 994, -1):
            response = await http.get(PATH, headers=other.headers)
            assert response.status_code == 200, response.text
            assert response.headers["x-ratelimit-limit"] == "1000"
            assert response.headers["x-ratelimit-remaining"] == str(left)
