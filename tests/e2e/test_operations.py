"""Operations on real processes: metrics summed over `pulse serve --workers 2`, the
worker's metrics port, and JSON log lines that carry the request and never a secret."""

import json
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.support.api import Tenants
from tests.support.servers import Server, free_port, start_worker

Servers = Callable[..., Server]


def healthz_count(text: str) -> float:
    line = next(
        line
        for line in text.splitlines()
        if line.startswith("pulse_http_requests_total{")
        and 'route="/healthz"' in line
        and 'status="200"' in line
    )
    return float(line.rsplit(" ", 1)[1])


def test_every_worker_of_a_server_answers_metrics_with_the_counts_of_all(
    server_factory: Servers, tmp_path: Path
) -> None:
    # The server keeps its metrics files under TMPDIR, and removes them when it stops.
    server = server_factory(workers=2, env={"TMPDIR": str(tmp_path)})
    # Each request on a new connection: the workers take turns accepting them.
    healthz = [httpx.get(f"{server.base_url}/healthz") for _ in range(40)]
    assert all(response.status_code == 200 for response in healthz)
    assert [path.name[:14] for path in tmp_path.iterdir()] == ["pulse-metrics-"]
    [metrics_dir] = tmp_path.iterdir()
    # One file per process and kind of value: both workers counted.
    pids = {path.stem.rsplit("_", 1)[1] for path in metrics_dir.glob("counter_*.db")}
    assert len(pids) == 2
    counts = {healthz_count(httpx.get(f"{server.base_url}/metrics").text) for _ in range(10)}
    # Whichever worker answers the scrape, it reports what both served (the readiness
    # polls of the start used /readyz, not /healthz).
    assert counts == {40.0}
    server.stop()
    assert list(tmp_path.iterdir()) == []


def test_a_worker_serves_its_metrics_on_a_port(database_url: str) -> None:
    port = free_port()
    worker = start_worker(database_url, args=("--metrics-port", str(port)))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/metrics")
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the worker's metrics port never answered"
                assert worker.poll() is None, "the worker exited"
                time.sleep(0.1)
        assert response.status_code == 200
        assert "# TYPE pulse_webhook_attempts_total counter" in response.text
        assert "# TYPE pulse_incidents_total counter" in response.text
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


async def test_json_logs_name_the_request_and_never_a_secret(
    server_factory: Servers, tenants: Tenants
) -> None:
    server = server_factory(env={"PULSE_LOG_FORMAT": "json", "PULSE_LOG_LEVEL": "info"})
    api = await tenants.new()
    headers = {**api.headers, "Cookie": "pulse_console=cookie-value-never-logged"}
    async with httpx.AsyncClient(base_url=server.base_url, headers=headers) as http:
        listed = await http.get("/v1/employees")
        created = await http.post(
            "/v1/employees",
            json={"full_name": "Zelda Quietperson", "start_date": "2024-01-15"},
        )
        refused = await http.get(
            "/v1/employees", headers={"Authorization": "Bearer pk_test_" + "Q" * 40}
        )
    assert (listed.status_code, created.status_code, refused.status_code) == (200, 201, 401)
    server.stop()
    log = server.log()
    lines = [json.loads(line) for line in log.splitlines() if line]
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    access = {line["request_id"]: line for line in lines if line["logger"] == "pulse.access"}
    first = access[listed.headers["x-request-id"]]
    assert first["route"] == "/v1/employees"
    assert first["method"] == "GET"
    assert first["status"] == 200
    assert first["latency_ms"] >= 0
    assert first["workspace_id"] == api.tenant.workspace_id
    assert access[created.headers["x-request-id"]]["status"] == 201
    assert access[refused.headers["x-request-id"]]["status"] == 401
    for secret in (api.secret, "Q" * 40, "cookie-value-never-logged", "Zelda", "Quietperson"):
        assert secret not in log
