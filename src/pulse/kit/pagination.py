"""Keyset cursor pagination, the same for every list.

Lists are ordered by `id` (prefixed ULIDs, so by creation time) and a page is
"`limit` rows with an id after the cursor's": its cost never grows with depth.
The opaque cursor names the list and a digest of the filters it was made for, so a
cursor replayed against another list or other filters is refused (400, `cursor`).
"""

import base64
import binascii
import hashlib
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

import orjson
from pydantic import BaseModel, Field

from pulse.core.errors import InvalidRequest
from pulse.core.pages import PageRequest
from pulse.kit.ids import looks_like_id
from pulse.kit.schemas import RequestModel

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class ListParams(RequestModel):
    """Query parameters every list takes; each list's filters extend it.

    As a RequestModel it refuses unknown parameters: a misspelt filter must not
    silently widen a list to everything.
    """

    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size, 1 to 200 (default 50)."
    )
    cursor: str | None = Field(
        None,
        max_length=512,
        description="The `next_cursor` of the previous page; omit for the first page.",
    )

    def filters(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"limit", "cursor"})


class Page(BaseModel, Generic[T]):
    data: list[T] = Field(description="This page's items, ordered by id.")
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )
    total_count: int = Field(description="How many items match the filters, over all pages.")


def _digest(filters: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(filters, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def _bad_cursor(reason: str) -> InvalidRequest:
    return InvalidRequest(f"Invalid cursor: {reason}.", fields=["cursor"])


def page_request(list_name: str, params: ListParams) -> PageRequest:
    digest = _digest(params.filters())
    after_id = None if params.cursor is None else _decode(params.cursor, list_name, digest)
    return PageRequest(list_name, digest, params.limit, after_id)


def _decode(cursor: str, list_name: str, digest: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = orjson.loads(raw)
    except (binascii.Error, ValueError):
        raise _bad_cursor("not a cursor this API issued") from None
    # The id goes into SQL: one of another shape (a NUL, which PostgreSQL text cannot
    # hold) was never issued here.
    if not isinstance(payload, dict) or not _an_id(payload.get("id")):
        raise _bad_cursor("not a cursor this API issued")
    if payload.get("list") != list_name:
        raise _bad_cursor(f"it was issued for another list, not {list_name}")
    if payload.get("filters") != digest:
        raise _bad_cursor("it was issued for other filters; keep the filters across pages")
    return str(payload["id"])


def _an_id(value: Any) -> bool:
    return isinstance(value, str) and looks_like_id(value)


def cursor_after(list_name: str, params: ListParams, last_id: str) -> str:
    """The cursor of the page that follows `last_id` (what `next_cursor` would say)."""
    return _encode(page_request(list_name, params), last_id)


def _encode(request: PageRequest, last_id: str) -> str:
    payload = {"id": last_id, "list": request.list_name, "filters": request.filter_digest}
    return base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")


def make_page(request: PageRequest, rows: Sequence[T], total_count: int) -> dict[str, Any]:
    """Shape a page from up to `limit + 1` rows (the extra row says another page exists)."""
    items = list(rows[: request.limit])
    has_more = len(rows) > request.limit
    next_cursor = _encode(request, _row_id(items[-1])) if has_more else None
    return {"data": items, "next_cursor": next_cursor, "total_count": total_count}


def _row_id(row: Any) -> str:
    return str(row["id"] if isinstance(row, dict) else row.id)
