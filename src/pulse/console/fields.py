"""Reading the fields of a console form into what the services take.

A field that is not what it should be is an `InvalidRequest` naming it, answered as
the console's error page (400); the services then check the values themselves."""

from collections.abc import Callable, Mapping
from typing import TypeVar

from pulse.core.errors import InvalidRequest

T = TypeVar("T")


def text_or_none(form: Mapping[str, str], field: str) -> str | None:
    """The field's text without surrounding spaces; None when it is empty."""
    value = form.get(field, "").strip()
    return value or None


def _typed(
    form: Mapping[str, str], field: str, label: str, convert: Callable[[str], T], what: str
) -> T | None:
    """The field read by `convert`; None when it is left empty."""
    value = text_or_none(form, field)
    if value is None:
        return None
    try:
        return convert(value)
    except ValueError:
        raise InvalidRequest(f"{label} is {what}: {value!r} is not.", [field]) from None


def whole_number(form: Mapping[str, str], field: str, label: str) -> int | None:
    """A whole number typed into `field`; None when it is left empty."""
    return _typed(form, field, label, int, "a whole number")


def number(form: Mapping[str, str], field: str, label: str) -> float | None:
    """A number (decimals allowed); None when it is left empty."""
    return _typed(form, field, label, float, "a number")


def days(form: Mapping[str, str], field: str, label: str) -> float | None:
    """A number of days (half days allowed); None when it is left empty."""
    return _typed(form, field, label, float, "a number of days")


def confirmed(form: Mapping[str, str], field: str = "confirm") -> None:
    """The "I understand" checkbox of a form that cannot be undone must be ticked."""
    if form.get(field) != "yes":
        raise InvalidRequest("Tick the box to confirm: this cannot be undone.", [field])
