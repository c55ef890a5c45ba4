"""Working-day arithmetic, checked against the holidays package and by properties."""

from datetime import date, timedelta

import holidays
import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pulse.leave import calendar

COUNTRIES = ["IT", "GB", "DE", "US", "JP", "FR"]
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
countries = st.sampled_from([None, *COUNTRIES])


def independent_count(start: date, end: date, country: str) -> int:
    """Weekdays minus the package's holidays, counted without the code under test."""
    years = range(start.year, end.year + 1)
    days_off = holidays.country_holidays(country, years=years)
    count, day = 0, start
    while day <= end:
        if day.weekday() < 5 and day not in days_off:
            count += 1
        day += timedelta(days=1)
    return count


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("year", [2024, 2026])
def test_a_whole_year_matches_the_holidays_package(country: str, year: int) -> None:
    start, end = date(year, 1, 1), date(year, 12, 31)
    counted = len(calendar.working_days(start, end, country))
    assert counted == independent_count(start, end, country)
    weekdays = sum(1 for d in calendar.days_between(start, end) if d.weekday() < 5)
    assert counted < weekdays  # every one of these countries has weekday holidays


@pytest.mark.parametrize(
    ("country", "start", "end", "expected"),
    [
        # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
        ("IT", date(2026, 3, 30), date(2026, 4, 10), 9),  # Easter Monday only
        ("DE", date(2026, 3, 30), date(2026, 4, 10), 8),  # Good Friday and Easter Monday
        ("GB", date(2026, 3, 30), date(2026, 4, 10), 9),  # Good Friday only (UK-wide)
        ("US", date(2026, 6, 29), date(2026, 7, 10), 9),  # Independence Day observed on Friday 3
        (None, date(2026, 3, 30), date(2026, 4, 10), 10),
    ],
)
def test_known_ranges(country: str | None, start: date, end: date, expected: int) -> None:
    assert len(calendar.working_days(start, end, country)) == expected


def test_every_country_an_employee_may_have_has_a_calendar() -> None:
    # Employees accept any ISO 3166-1 alpha-2 code (pycountry); each must have holidays.
    supported = set(holidays.list_supported_countries())
    assert {country.alpha_2 for country in pycountry.countries} <= supported


@given(saturday=dates.map(lambda d: d + timedelta(days=(5 - d.weekday()) % 7)), country=countries)
def test_a_weekend_counts_zero(saturday: date, country: str | None) -> None:
    assert calendar.working_days(saturday, saturday + timedelta(days=1), country) == []


@given(start=dates, length=st.integers(0, 400), country=countries)
def test_days_never_exceed_calendar_days(start: date, length: int, country: str | None) -> None:
    end = start + timedelta(days=length)
    assert 0 <= len(calendar.working_days(start, end, country)) <= length + 1


@given(start=dates, first=st.integers(0, 200), second=st.integers(1, 200), country=countries)
def test_splitting_a_range_never_changes_the_sum(
    start: date, first: int, second: int, country: str | None
) -> None:
    middle = start + timedelta(days=first)
    end = middle + timedelta(days=second)
    whole = len(calendar.working_days(start, end, country))
    parts = len(calendar.working_days(start, middle, country)) + len(
        calendar.working_days(middle + timedelta(days=1), end, country)
    )
    assert whole == parts


@given(start=dates, length=st.integers(0, 30), country=countries, data=st.data())
def test_a_spread_sums_to_the_leave(
    start: date, length: int, country: str | None, data: st.DataObject
) -> None:
    end = start + timedelta(days=length)
    working = len(calendar.working_days(start, end, country))
    half_days = data.draw(st.integers(1, max(1, working * 2)))
    spread = calendar.half_days_by_day(start, end, country, half_days)
    assert sum(spread.values()) == half_days
    assert all(start <= day <= end for day in spread)


def test_a_half_day_is_the_last_morning() -> None:
    monday = date(2026, 5, 11)  # a week with no GB holiday
    spread = calendar.half_days_by_day(monday, monday + timedelta(days=4), "GB", 9)
    assert list(spread.values()) == [2, 2, 2, 2, 1]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2020, 1, 1), None, 25),
        (date(2026, 7, 1), None, 12.5),  # 184 of 365 days: 12.6 -> 12.5
        (date(2026, 1, 1), date(2026, 3, 31), 6),  # 90 days: 6.16 -> 6
        (date(2027, 1, 1), None, 0),
        (date(2020, 1, 1), date(2025, 12, 31), 0),
    ],
)
def test_prorated_allowance(start: date, end: date | None, expected: float) -> None:
    assert calendar.prorated_allowance(25, start, end, 2026) == expected


def test_rounding_ties_go_up() -> None:
    assert calendar.round_to_half_day(12.25) == 12.5
    assert calendar.round_to_half_day(12.75) == 13
    assert calendar.round_to_half_day(12.2) == 12
