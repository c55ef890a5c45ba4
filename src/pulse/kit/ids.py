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


def made_at_ms(prefixed_id: str) -> int:
    """When the id was made, in milliseconds since the epoch: a ULID's leading 48 bits.

    Finer than the stored `created_at` stamps, which keep whole seconds."""
    return ULID.from_str(prefixed_id.partition("_")[2]).milliseconds
