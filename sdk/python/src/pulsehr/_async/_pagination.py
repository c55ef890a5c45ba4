"""`AsyncPage`: one page of a list, and iteration over every page."""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator
from typing import TYPE_CHECKING, Any, Generic

import httpx

from .._pagination import M, _BasePage, _read_page

if TYPE_CHECKING:
    from .._base_client import RequestOptions
    from ._api_client import AsyncAPIClient


class AsyncPage(_BasePage[M]):
    """One page of a list; iterating it walks every item of every page from here on."""

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

    def auto_paging_iter(self) -> AsyncIterator[M]:
        """Every item of every page (the same as iterating the page)."""
        return aiter(self)


# unasync: async only below. (An async `list()` answers this paginator, which fetches when it is
# awaited or iterated; a sync `list()` answers its first page, fetched at once.)


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
