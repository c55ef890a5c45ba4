"""Small types shared by every module: the NOT_GIVEN sentinel and request option aliases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal, TypeAlias, TypeGuard, TypeVar

import httpx

__all__ = ["NOT_GIVEN", "Body", "Headers", "NotGiven", "Query", "Timeout"]

_T = TypeVar("_T")


class NotGiven:
    """The type of `NOT_GIVEN`: an argument the caller left out.

    Distinct from `None`, which is a value the API understands (on a PATCH it clears a field):

        pulse.employees.update("emp_…", role=None)   # sends {"role": null}: clears the role
        pulse.employees.update("emp_…")              # sends {}: the role is left as it is
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

Timeout: TypeAlias = float | httpx.Timeout | None
"""Seconds (a float applies to connect, read, write and pool), an `httpx.Timeout`, or `None` for
no timeout at all."""

Headers: TypeAlias = Mapping[str, str]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = Mapping[str, object]


def is_given(value: _T | NotGiven) -> TypeGuard[_T]:
    return not isinstance(value, NotGiven)
