"""Cursor pages: one page's `data`, `next_cursor` and `total_count`, and iteration over all.

for employee in pulse.employees.list(department="Engineering"):   # every page, lazily
    ...
page = pulse.employees.list(limit=50)                              # one page
page.data, page.next_cursor, page.total_count
for page in page.iter_pages(): ...                                 # page by page

async for employee in async_pulse.employees.list():                # the same, async
    ...
page = await async_pulse.employees.list(limit=50)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
import pydantic

from ._errors import APIResponseValidationError
from ._models import BaseModel

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, RequestOptions, SyncAPIClient

__all__ = ["AsyncPage", "AsyncPaginator", "SyncPage"]

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


class SyncPage(_BasePage[M]):
    """One page of a list; iterating it walks every item of every page from here on."""

    def __init__(
        self,
        *,
        data: list[M],
        next_cursor: str | None,
        total_count: int,
        model: type[M],
        client: SyncAPIClient,
        options: RequestOptions,
    ) -> None:
        super().__init__(data=data, next_cursor=next_cursor, total_count=total_count, model=model)
        self._client = client
        self._options = options

    @classmethod
    def from_response(
        cls,
        client: SyncAPIClient,
        options: RequestOptions,
        model: type[M],
        response: httpx.Response,
    ) -> SyncPage[M]:
        data, next_cursor, total_count = _read_page(model, response)
        return SyncPage(
            data=data,
            next_cursor=next_cursor,
            total_count=total_count,
            model=model,
            client=client,
            options=options,
        )

    def get_next_page(self) -> SyncPage[M]:
        """The next page (same filters and limit); check `has_next_page()` first."""
        if not self.next_cursor or not self.has_next_page():
            raise RuntimeError("No next page: check has_next_page() before get_next_page().")
        return self._client.get_page(self._options.with_cursor(self.next_cursor), self._model)

    def iter_pages(self) -> Iterator[SyncPage[M]]:
        """This page, then each following one, fetched as the loop reaches it."""
        page = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            yield page

    def __iter__(self) -> Iterator[M]:
        for page in self.iter_pages():
            yield from page.data

    def auto_paging_iter(self) -> Iterator[M]:
        """Every item of every page (the same as iterating the page)."""
        return iter(self)


class AsyncPage(_BasePage[M]):
    """One page of a list; `async for` over it walks every item of every page from here on."""

    def __init__(
        self,
        *,
        data: list[M],
        next_cursor: str | None,
        total_count: int,
        model: type[M],
        client: AsyncAPIClient,
        options: RequestOptions,
    ) -> None:
        super().__init__(data=data, next_cursor=next_cursor, total_count=total_count, model=model)
        self._client = client
        self._options = options

    @classmethod
    def from_response(
        cls,
        client: AsyncAPIClient,
        options: RequestOptions,
        model: type[M],
        response: httpx.Response,
    ) -> AsyncPage[M]:
        data, next_cursor, total_count = _read_page(model, response)
        return AsyncPage(
            data=data,
            next_cursor=next_cursor,
            total_count=total_count,
            model=model,
            client=client,
            options=options,
        )

    async def get_next_page(self) -> AsyncPage[M]:
        """The next page (same filters and limit); check `has_next_page()` first."""
        if not self.next_cursor or not self.has_next_page():
            raise RuntimeError("No next page: check has_next_page() before get_next_page().")
        return await self._client.get_page(self._options.with_cursor(self.next_cursor), self._model)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[M]]:
        """This page, then each following one, fetched as the loop reaches it."""
        page = self
        yield page
        while page.has_next_page():
            page = await page.get_next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[M]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class AsyncPaginator(Generic[M]):
    """What an async `list()` returns: `await` it for the first page, or `async for` over it
    for every item of every page."""

    def __init__(self, client: AsyncAPIClient, options: RequestOptions, model: type[M]) -> None:
        self._client = client
        self._options = options
        self._model = model

    async def _first_page(self) -> AsyncPage[M]:
        client, options, model = self._client, self._options, self._model
        return await client.request(
            options, lambda r: AsyncPage.from_response(client, options, model, r)
        )

    def __await__(self) -> Generator[Any, None, AsyncPage[M]]:
        return self._first_page().__await__()

    async def __aiter__(self) -> AsyncIterator[M]:
        page = await self._first_page()
        async for item in page:
            yield item
