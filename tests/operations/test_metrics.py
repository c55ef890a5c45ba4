"""`GET /metrics`: requests by route template (never the raw path), method and status,
latency, the pool, the delivery queue, rate-limited requests; a token; off with a setting."""

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.support.api import Api, Tenants
from tests.support.operations import AppOn

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def scrape(http: httpx.AsyncClient) -> Samples:
    response = await http.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return samples(response.text)


def requests(scraped: Samples, route: str, method: str, status: int) -> float:
    labels = frozenset({("route", route), ("method", method), ("status", str(status))})
    return scraped.get(("pulse_http_requests_total", labels), 0.0)


async def test_requests_are_counted_by_route_template_method_and_status(
    client: httpx.AsyncClient, api: Api
) -> None:
    before = await scrape(client)
    employee = await api.create_employee()
    assert (await api.get(f"/v1/employees/{employee['id']}")).status_code == 200
    missing = "emp_01HZZZZZZZZZZZZZZZZZZZZZZZ"
    assert (await api.get(f"/v1/employees/{missing}")).status_code == 404
    assert (await client.get("/no/such/place")).status_code == 404
    response = await client.get("/metrics")
    after = samples(response.text)

    by_id = "/v1/employees/{employee_id}"
    assert requests(after, by_id, "GET", 200) - requests(before, by_id, "GET", 200) == 1
    assert requests(after, by_id, "GET", 404) - requests(before, by_id, "GET", 404) == 1
    assert (
        requests(after, "/v1/employees", "POST", 201)
        - requests(before, "/v1/employees", "POST", 201)
        == 1
    )
    assert (
        requests(after, "(unmatched)", "GET", 404) - requests(before, "(unmatched)", "GET", 404)
        == 1
    )
    # Never a raw path: no id, no unknown path becomes a label.
    assert employee["id"] not in response.text
    assert missing not in response.text
    assert "/no/such/place" not in response.text

    latency = frozenset({("route", by_id), ("method", "GET")})
    count = ("pulse_http_request_duration_seconds_count", latency)
    assert after[count] - before.get(count, 0.0) == 2
    bucket = frozenset({*latency, ("le", "+Inf")})
    assert after[("pulse_http_request_duration_seconds_bucket", bucket)] == after[count]


async def test_the_pool_the_queue_and_rate_limits_are_reported(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    before = await scrape(client)
    api = await tenants.key(await tenants.workspace(rate_limit=1))
    assert (await api.get("/v1/employees")).status_code == 200
    assert (await api.get("/v1/employees")).status_code == 429
    after = await scrape(client)
    limited = ("pulse_rate_limited_requests_total", frozenset())
    assert after[limited] - before[limited] == 1
    assert after[("pulse_db_pool_size", frozenset())] >= 1
    assert after[("pulse_db_pool_in_use", frozenset())] >= 0
    assert after[("pulse_db_pool_waiting", frozenset())] == 0  # nothing waits now
    assert after[("pulse_webhook_queue_depth", frozenset())] >= 0
    assert after[("pulse_webhook_oldest_due_seconds", frozenset())] >= 0


async def test_a_token_guards_the_metrics(app_on: AppOn) -> None:
    async with app_on(metrics_token="s3cr3t-scrape-token") as http:
        assert (await http.get("/metrics")).status_code == 401
        wrong = {"Authorization": "Bearer s3cr3t-scrape-tokeN"}
        assert (await http.get("/metrics", headers=wrong)).status_code == 401
        right = {"Authorization": "Bearer s3cr3t-scrape-token"}
        response = await http.get("/metrics", headers=right)
        assert response.status_code == 200
        assert "pulse_http_requests_total" in response.text


async def test_metrics_can_be_turned_off(app_on: AppOn) -> None:
    async with app_on(metrics=False) as http:
        response = await http.get("/metrics")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
