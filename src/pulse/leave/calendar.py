"""Working days, public holidays and allowances: the arithmetic of the leave journal.

Amounts of leave are kept in half days (integers) so sums are exact everywhere.
"""

import math
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache

import holidays

SATURDAY = 5


@lru_cache(maxsize=1024)
def public_holidays(country: str | None, year: int) -> frozenset[date]:
    """The national public holidays of `country` in `year` (none without a country).

    Every ISO 3166-1 code an employee may carry is covered by the holidays package
    (a test holds the two lists together).
    """
    if country is None:
        return frozenset()
    return frozenset(holidays.country_holidays(country, years=year))


def days_between(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def is_working_day(day: date, country: str | None) -> bool:
    return day.weekday() < SATURDAY and day not in public_holidays(country, day.year)


def working_days(start: date, end: date, country: str | None) -> list[date]:
    """Monday to Friday from `start` to `end` inclusive, minus the country's public holidays."""
    return [day for day in days_between(start, end) if is_working_day(day, country)]


def half_days_by_day(
    start: date, end: date, country: str | None, half_days: int
) -> dict[date, int]:
    """Spread a leave of `half_days` over its working days, whole days first.

    A leave shorter than its working days (a half day) ends early: Monday to Friday
    logged as 4.5 days is four whole days and Friday morning. Should the leave hold
    more than its working days now count (the employee's country changed since), the
    excess stays on its last day, so totals never change after logging.
    """
    spread: dict[date, int] = {}
    left = half_days
    days = working_days(start, end, country) or [start]
    for day in days:
        if left <= 0:
            break
        spread[day] = min(2, left)
        left -= spread[day]
    if left > 0:
        spread[days[-1]] = spread.get(days[-1], 0) + left
    return spread


def round_to_half_day(days: float) -> float:
    # Ties go up (12.25 -> 12.5), not to even as round() would have them.
    return math.floor(days * 2 + 0.5) / 2


def employed_days_in_year(start: date, end: date | None, year: int) -> int:
    first = max(start, date(year, 1, 1))
    last = min(end or date(year, 12, 31), date(year, 12, 31))
    return max(0, (last - first).days + 1)


def prorated_allowance(annual: float, start: date, end: date | None, year: int) -> float:
    """The part of an annual allowance earned by the employment days inside `year`,
    to the nearest half day."""
    days_in_year = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    return round_to_half_day(annual * employed_days_in_year(start, end, year) / days_in_year)
