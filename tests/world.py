"""Builds a World (one record of each kind) through the API."""

from tests.conftest import Api
from tests.routes import World


async def build_world(api: Api) -> World:
    employee = await api.create_employee(start_date="2020-01-01")
    entry = await api.post(
        "/v1/status-log",
        json={"employee_id": employee["id"], "lines": ["Planning."], "date": "2024-03-01"},
    )
    assert entry.status_code == 201, entry.text
    return World(employee_id=employee["id"], status_log_id=entry.json()["id"])
