"""Prefixed ULIDs: `emp_01HR3…`. They sort by creation time, which keyset pagination relies on."""

from ulid import ULID


def new_id(prefix: str) -> str:
    return f"{prefix}_{ULID()}"
