"""Walking several pages of a real list, sync and async."""

from __future__ import annotations

import pytest

from _support import unique
from pulsehr import AsyncPulse, Pulse

pytestmark = pytest.mark.live

PEOPLE = 7  # four pages of two


@pytest.fixture(scope="module")
def department(pulse: Pulse) -> tuple[str, list[str]]:
    name = unique("Paging ")
    ids = [
        pulse.employees.create(full_name=f"Page {i}", start_date="2020-01-06", department=name).id
        for i in range(PEOPLE)
    ]
    return name, ids


def test_iterating_a_page_walks_every_page(pulse: Pulse, department: tuple[str, list[str]]) -> None:
    name, ids = department
    first = pulse.employees.list(department=name, limit=2)
    assert len(first.data) == 2
    assert first.total_count == PEOPLE
    assert first.next_cursor is not None
    assert first.has_next_page()

    assert [e.id for e in first] == ids  # every item, in id order, across four pages
    assert [e.id for e in pulse.employees.list(department=name, limit=2).auto_paging_iter()] == ids


def test_page_by_page(pulse: Pulse, department: tuple[str, list[str]]) -> None:
    name, ids = department
    pages = list(pulse.employees.list(department=name, limit=2).iter_pages())
    assert [len(p.data) for p in pages] == [2, 2, 2, 1]
    assert all(p.total_count == PEOPLE for p in pages)
    assert pages[-1].next_cursor is None
    assert not pages[-1].has_next_page()
    with pytest.raises(RuntimeError):
        pages[-1].get_next_page()

    second = pages[0].get_next_page()
    assert [e.id for e in second.data] == ids[2:4]

    # The cursor works by hand too, and the limit may change between pages.
    by_hand = pulse.employees.list(department=name, limit=5, cursor=pages[0].next_cursor)
    assert [e.id for e in by_hand.data] == ids[2:7]


async def test_async_for_walks_every_page(
    apulse: AsyncPulse, department: tuple[str, list[str]]
) -> None:
    name, ids = department
    assert [e.id async for e in apulse.employees.list(department=name, limit=2)] == ids

    first = await apulse.employees.list(department=name, limit=3)
    assert (len(first.data), first.total_count) == (3, PEOPLE)
    sizes = [len(page.data) async for page in first.iter_pages()]
    assert sizes == [3, 3, 1]
    second = await first.get_next_page()
    assert [e.id for e in second.data] == ids[3:6]
    assert [e.id async for e in second] == ids[3:]
