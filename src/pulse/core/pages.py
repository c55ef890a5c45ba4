"""What a list asks for: which page of which list, under which filters."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PageRequest:
    """`limit` rows with an id after `after_id` (None: from the start) of the list
    `list_name`, filtered as `filter_digest` says."""

    list_name: str
    filter_digest: str
    limit: int
    after_id: str | None
