"""Optimistic locking through `version`."""

import asyncio

from tests.support.api import Api, assert_error


async def test_a_stale_version_is_409_and_changes_nothing(api: Api) -> None:
    employee = await api.create_employee(role="Engineer")
    url = f"/v1/employees/{employee['id']}"
    assert (await api.patch(url, json={"role": "Lead", "version": 1})).json()["version"] == 2
    stale = await api.patch(url, json={"role": "CTO", "version": 1})
    error = assert_error(stale, 409, "conflict", ["version"])
    assert "version 2" in error["message"]
    current = (await api.get(url)).json()
    assert current["role"] == "Lead"
    assert current["version"] == 2


async def test_concurrent_patches_with_one_version_let_exactly_one_win(api: Api) -> None:
    employee = await api.create_employee()
    url = f"/v1/employees/{employee['id']}"
    responses = await asyncio.gather(
        *(api.patch(url, json={"role": f"Role {i}", "version": 1}) for i in range(10))
    )
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [409] * 9
    winner = next(r.json() for r in responses if r.status_code == 200)
    current = (await api.get(url)).json()
    assert current == winner
    assert current["version"] == 2


async def test_without_a_version_the_last_write_wins(api: Api) -> None:
    employee = await api.create_employee()
    url = f"/v1/employees/{employee['id']}"
    responses = await asyncio.gather(*(api.patch(url, json={"role": f"R{i}"}) for i in range(10)))
    assert {response.status_code for response in responses} == {200}
    assert sorted(r.json()["version"] for r in responses) == list(range(2, 12))
    assert (await api.get(url)).json()["version"] == 11
