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
    counted = calendar.count_working_days(start, end, country)
    assert counted == independent_count(start, end, country)
    assert counted < calendar.count_weekdays(start, end)  # each of them has weekday holidays


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
    assert calendar.count_working_days(start, end, country) == expected


def test_every_country_an_employee_may_have_has_a_calendar() -> None:
    # Employees accept any ISO 3166-1 alpha-2 code (pycountry); each must have holidays.
    supported = set(holidays.list_supported_countries())
    assert {country.alpha_2 for country in pycountry.countries} <= supported


@given(saturday=dates.map(lambda d: d + timedelta(days=(5 - d.weekday()) % 7)), country=countries)
def test_a_weekend_counts_zero(saturday: date, country: str | None) -> None:
    assert calendar.count_working_days(saturday, saturday + timedelta(days=1), country) == 0


@given(start=dates, length=st.integers(0, 400), country=countries)
def test_days_never_exceed_calendar_days(start: date, length: int, country: str | None) -> None:
    end = start + timedelta(days=length)
    assert 0 <= calendar.count_working_days(start, end, country) <= length + 1


@given(start=dates, first=st.integers(0, 200), second=st.integers(1, 200), country=countries)
def test_splitting_a_range_never_changes_the_sum(
    start: date, first: int, second: int, country: str | None
) -> None:
    middle = start + timedelta(days=first)
    end = middle + timedelta(days=second)
    whole = calendar.count_working_days(start, end, country)
    parts = calendar.count_working_days(start, middle, country) + calendar.count_working_days(
        middle + timedelta(days=1), end, country
    )
    assert whole == parts


def walked_working_days(start: date, end: date, country: str | None) -> list[date]:
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return [day for day in days if calendar.is_working_day(day, country)]


def walked_spread(start: date, end: date, country: str | None, half_days: int) -> dict[date, int]:
    """The spread walked day by day, whole days first, any excess on the last working
    day (the first day without any): the model the arithmetic must agree with."""
    spread: dict[date, int] = {}
    left = half_days
    days = walked_working_days(start, end, country) or [start]
    for day in days:
        if left <= 0:
            break
        spread[day] = min(2, left)
        left -= spread[day]
    if left > 0:
        spread[days[-1]] = spread.get(days[-1], 0) + left
    return spread


@given(start=dates, length=st.integers(0, 400), country=countries)
def test_counting_agrees_with_walking(start: date, length: int, country: str | None) -> None:
    end = start + timedelta(days=length)
    walked = walked_working_days(start, end, country)
    assert calendar.count_working_days(start, end, country) == len(walked)
    assert calendar.count_weekdays(start, end) == sum(
        1 for n in range(length + 1) if (start + timedelta(days=n)).weekday() < 5
    )


@given(
    start=dates,
    length=st.integers(0, 60),
    country=countries,
    window=st.tuples(st.integers(-10, 70), st.integers(-10, 70)),
    data=st.data(),
)
def test_a_spread_agrees_with_walking_it(
    start: date,
    length: int,
    country: str | None,
    window: tuple[int, int],
    data: st.DataObject,
) -> None:
    end = start + timedelta(days=length)
    working = calendar.count_working_days(start, end, country)
    # Up to four half days more than the working days: the country may have changed.
    half_days = data.draw(st.integers(1, working * 2 + 4))
    walked = walked_spread(start, end, country, half_days)
    spread = calendar.Spread(start, end, country, half_days)
    first, last = (start + timedelta(days=offset) for offset in sorted(window))
    inside = sum(amount for day, amount in walked.items() if first <= day <= last)
    assert spread.between(first, last) == inside
    assert spread.until(last) == sum(amount for day, amount in walked.items() if day <= last)
    assert spread.between(start, end) == half_days


def test_a_half_day_is_the_last_morning() -> None:
    monday = date(2026, 5, 11)  # a week with no GB holiday
    spread = calendar.Spread(monday, monday + timedelta(days=4), "GB", 9)
    by_day = [spread.between(day, day) for day in (monday + timedelta(days=n) for n in range(5))]
    assert by_day == [2, 2, 2, 2, 1]


def test_a_year_long_range_is_counted_without_walking_it() -> None:
    start, end = date(2030, 1, 1), date(2030, 12, 31)
    assert calendar.count_working_days(start, end, "IT") == independent_count(start, end, "IT")
    assert calendar.count_working_days(date(1900, 1, 1), date(2200, 12, 31), None) == 78_528


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
