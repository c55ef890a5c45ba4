"""Keyset cursor pagination: complete, stable under inserts, strict about cursors."""

import base64
import json
from typing import Any

import pytest

from tests.support.api import Api, assert_error


async def walk(api: Api, **params: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Follow next_cursor to the end; returns the ids seen and each page."""
    ids: list[str] = []
    pages: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = await api.get("/v1/employees", params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append(page)
        ids += [item["id"] for item in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return ids, pages


async def test_pages_cover_everything_once_in_id_order(api: Api) -> None:
    created = [(await api.create_employee(full_name=f"P{i}"))["id"] for i in range(7)]
    ids, pages = await walk(api, limit=3)
    assert ids == sorted(created) == created
    assert [len(page["data"]) for page in pages] == [3, 3, 1]
    assert {page["total_count"] for page in pages} == {7}
    assert pages[-1]["next_cursor"] is None


async def test_a_full_last_page_has_no_next_cursor(api: Api) -> None:
    for i in range(4):
        await api.create_employee(full_name=f"P{i}")
    _, pages = await walk(api, limit=2)
    assert [len(page["data"]) for page in pages] == [2, 2]


async def test_default_and_maximum_limits(api: Api) -> None:
    for i in range(52):
        await api.create_employee(full_name=f"P{i}")
    first = (await api.get("/v1/employees")).json()
    assert len(first["data"]) == 50
    assert first["next_cursor"] is not None
    everything = (await api.get("/v1/employees", params={"limit": 200})).json()
    assert len(everything["data"]) == 52
    assert everything["next_cursor"] is None


async def test_rows_inserted_between_pages_are_neither_repeated_nor_skipped(api: Api) -> None:
    before = [(await api.create_employee(full_name=f"B{i}"))["id"] for i in range(5)]
    first = (await api.get("/v1/employees", params={"limit": 2})).json()
    seen = [item["id"] for item in first["data"]]
    cursor = first["next_cursor"]
    inserted: list[str] = []
    while cursor:
        inserted.append((await api.create_employee(full_name="New"))["id"])
        page = (await api.get("/v1/employees", params={"limit": 2, "cursor": cursor})).json()
        seen += [item["id"] for item in page["data"]]
        assert page["total_count"] == len(before) + len(inserted)
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen))
    assert set(seen) == set(before) | set(inserted)
    assert seen == sorted(seen)


async def test_filters_hold_across_pages(api: Api) -> None:
    eng = [(await api.create_employee(department="Eng"))["id"] for _ in range(5)]
    for _ in range(3):
        await api.create_employee(department="Ops")
    ids, pages = await walk(api, limit=2, department="Eng")
    assert ids == eng
    assert {page["total_count"] for page in pages} == {5}


def _cursor(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


async def test_a_cursor_for_other_filters_is_refused(api: Api) -> None:
    for _ in range(3):
        await api.create_employee(department="Eng")
    cursor = (await api.get("/v1/employees", params={"limit": 1, "department": "Eng"})).json()[
        "next_cursor"
    ]
    response = await api.get("/v1/employees", params={"limit": 1, "cursor": cursor})
    error = assert_error(response, 400, "invalid_request", ["cursor"])
    assert "filters" in error["message"]
    # The same filters with another page size are fine.
    again = await api.get(
        "/v1/employees", params={"limit": 2, "cursor": cursor, "department": "Eng"}
    )
    assert again.status_code == 200


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        "bm90IGpzb24",  # base64 of "not json"
        _cursor({"list": "employees"}),
        _cursor({"id": 5, "list": "employees"}),
        _cursor({"id": "emp_x", "list": "kudos", "filters": "x"}),
        "x" * 513,
    ],
)
async def test_malformed_or_foreign_cursors_are_400(api: Api, cursor: str) -> None:
    response = await api.get("/v1/employees", params={"cursor": cursor})
    assert_error(response, 400, "invalid_request", ["cursor"])


async def test_total_count_stays_exact_under_concurrent_writes(api: Api) -> None:
    import asyncio

    await asyncio.gather(*(api.create_employee(full_name=f"C{i}") for i in range(30)))
    unfiltered = (await api.get("/v1/employees", params={"limit": 1})).json()
    filtered = (await api.get("/v1/employees", params={"limit": 1, "q": "c"})).json()
    assert unfiltered["total_count"] == filtered["total_count"] == 30


def _forged(cursor: str, cursor_id: str) -> str:
    """A cursor as the API issued it, for the same list and filters, with another id."""
    payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    return _cursor({**payload, "id": cursor_id})


@pytest.mark.parametrize(
    "cursor_id",
    [
        "emp_\u0000",
        "emp_01M90KWPDYYV2MGNV96W9GZ2DV\u0000",
        "\u0000",
        "",
        "emp_01m90kwpdyyv2mgnv96w9gz2dv",
        "emp_01M90KWPDYYV2MGNV96W9GZ2DV' OR '1'='1",
        "emp_" + "0" * 10_000,
    ],
)
@pytest.mark.parametrize("path", ["/v1/employees", "/v1/events"])
async def test_a_forged_cursor_id_is_400(api: Api, path: str, cursor_id: str) -> None:
    for _ in range(2):
        await api.create_employee()
    issued = (await api.get(path, params={"limit": 1})).json()["next_cursor"]
    assert (await api.get(path, params={"limit": 1, "cursor": issued})).status_code == 200
    forged = _forged(issued, cursor_id)
    response = await api.get(path, params={"limit": 1, "cursor": forged[:512]})
    assert_error(response, 400, "invalid_request", ["cursor"])
