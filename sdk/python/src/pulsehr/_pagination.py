"""Cursor pages: one page's `data`, `next_cursor` and `total_count`, and iteration over all.

for employee in pulse.employees.list(department="Engineering"):   # every page, lazily
    ...
page = pulse.employees.list(limit=50)                              # one page
page.data, page.next_cursor, page.total_count
for page in page.iter_pages(): ...                                 # page by page

async for employee in async_pulse.employees.list():                # the same, async
    ...
page = await async_pulse.employees.list(limit=50)

What both kinds of page share is here; `AsyncPage` and `AsyncPaginator` are in
_async/_pagination.py, and `SyncPage` is generated from them in _sync/_pagination.py.
"""

from __future__ import annotations

from typing import Generic, TypeVar

import httpx
import pydantic

from ._errors import APIResponseValidationError
from ._models import BaseModel

M = TypeVar("M", bound=BaseModel)


def _read_page(model: type[M], response: httpx.Response) -> tuple[list[M], str | None, int]:
    try:
        body = response.json()
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise ValueError("a list answer has a `data` array")
        data = [model.model_validate(item) for item in body["data"]]
        next_cursor = body.get("next_cursor")
        if next_cursor is not None and not isinstance(next_cursor, str):
            raise ValueError("`next_cursor` is a string or null")
        total_count = body.get("total_count", len(data))
        if not isinstance(total_count, int):
            raise ValueError("`total_count` is an integer")
    except (ValueError, pydantic.ValidationError) as exc:
        raise APIResponseValidationError(
            response, response.text, f"The answer is not a page of {model.__name__}: {exc}"
        ) from exc
    return data, next_cursor, total_count


class _BasePage(Generic[M]):
    data: list[M]
    """This page's items, ordered by id."""
    next_cursor: str | None
    """The cursor of the next page; None on the last page."""
    total_count: int
    """How many items match the filters, over all pages."""

    def __init__(
        self, *, data: list[M], next_cursor: str | None, total_count: int, model: type[M]
    ) -> None:
        self.data = data
        self.next_cursor = next_cursor
        self.total_count = total_count
        self._model = model

    def has_next_page(self) -> bool:
        # An empty page ends the walk even with a cursor, so a confused server cannot loop us.
        return bool(self.next_cursor) and bool(self.data)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}[{self._model.__name__}](data=<{len(self.data)} items>, "
            f"next_cursor={self.next_cursor!r}, total_count={self.total_count})"
        )
