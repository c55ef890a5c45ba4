"""Working days, public holidays and allowances: the arithmetic of the leave journal.

Amounts of leave are kept in half days (integers) so sums are exact everywhere.
Working days are counted, never walked: whole weeks of five, the days left over, less
the weekday holidays found by bisection in each year's sorted list. A count costs the
same for a week and for a year, and the event loop never waits on a long range.
"""

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

from pulse.kit.schemas import FIRST_DAY, LAST_DAY

SATURDAY = 5
WEEKDAYS_PER_WEEK = 5
ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=1024)
def public_holidays(country: str | None, year: int) -> frozenset[date]:
    """The national public holidays of `country` in `year` (none without a country).

    Every ISO 3166-1 code an employee may carry is covered by the holidays package
    (a test holds the two lists together). Years outside the API's calendar have none:
    only leave logged before the calendar was bounded reaches them, and computing
    centuries of holidays for it would stall every request.
    """
    if country is None or not FIRST_DAY.year <= year <= LAST_DAY.year:
        return frozenset()
    return frozenset(holidays.country_holidays(country, years=year))


@lru_cache(maxsize=8192)
def weekday_holidays(country: str, year: int) -> tuple[date, ...]:
    """The public holidays of `country` in `year` falling Monday to Friday, in order."""
    return tuple(sorted(day for day in public_holidays(country, year) if day.weekday() < SATURDAY))


def is_working_day(day: date, country: str | None) -> bool:
    return day.weekday() < SATURDAY and day not in public_holidays(country, day.year)


def count_weekdays(start: date, end: date) -> int:
    """Mondays to Fridays from `start` to `end` inclusive (0 when `end` is before `start`)."""
    if end < start:
        return 0
    full_weeks, rest = divmod((end - start).days + 1, 7)
    first = start.weekday()
    return full_weeks * WEEKDAYS_PER_WEEK + sum(
        1 for offset in range(rest) if (first + offset) % 7 < SATURDAY
    )


def count_weekday_holidays(start: date, end: date, country: str | None) -> int:
    if country is None or end < start:
        return 0
    count = 0
    for year in range(max(start.year, FIRST_DAY.year), min(end.year, LAST_DAY.year) + 1):
        days = weekday_holidays(country, year)
        count += bisect_right(days, end) - bisect_left(days, start)
    return count


def count_working_days(start: date, end: date, country: str | None) -> int:
    """Monday to Friday from `start` to `end` inclusive, minus the country's public holidays."""
    return count_weekdays(start, end) - count_weekday_holidays(start, end, country)


@dataclass(frozen=True, slots=True)
class Spread:
    """A leave of `half_days` over its working days from `start` to `end`, whole days first.

    A leave shorter than its working days (a half day) ends early: Monday to Friday
    logged as 4.5 days is four whole days and Friday morning. Should the leave hold
    more than its working days now count (the employee's country changed since), the
    excess stays on its last working day (its first day when it has none), so totals
    never change after logging.
    """

    start: date
    end: date
    country: str | None
    half_days: int

    def until(self, day: date) -> int:
        """The half days of the leave on `day` or before."""
        if day < self.start:
            return 0
        if day >= self.end:
            return self.half_days
        so_far = count_working_days(self.start, day, self.country)
        if so_far == count_working_days(self.start, self.end, self.country):
            # Past the last working day: the excess, if any, lies behind too.
            return self.half_days
        return min(2 * so_far, self.half_days)

    def between(self, first: date, last: date) -> int:
        """The half days of the leave from `first` to `last` inclusive."""
        if last < first:
            return 0
        before = self.until(first - ONE_DAY) if first > self.start else 0
        return self.until(last) - before


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
