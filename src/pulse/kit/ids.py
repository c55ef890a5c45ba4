"""Prefixed ULIDs: `emp_01HR3…`. They sort by creation time, which keyset pagination relies on."""

import re

from ulid import ULID

# A prefix, then a ULID in Crockford's base32 (no I, L, O or U).
ID_SHAPE = re.compile(r"[a-z]+_[0-9A-HJKMNP-TV-Z]{26}")


def new_id(prefix: str) -> str:
    return f"{prefix}_{ULID()}"


def looks_like_id(text: str) -> bool:
    """Whether `text` has the shape of an id `new_id` makes."""
    return ID_SHAPE.fullmatch(text) is not None
