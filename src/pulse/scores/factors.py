"""The Employee Score's factors as pure functions of the journals (README, Employee Score).

Each factor reads only what falls in its own window ending at `as_of` (inclusive), so it
may be handed more of the journal than it needs: what lies outside changes nothing. Each
answers a score from 0 to 10 (one decimal), or None when it has no data, and the signals
it was computed from.
"""

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pulse.leave import calendar
from pulse.workload.schemas import WorkloadLevel
from pulse.workspaces.settings import LeaveKind

WINDOW_DAYS = 90
# Time off looks back a year: vacation is taken in a few long stretches, not weekly.
TIME_OFF_DAYS = 365
TOP = 10.0

# Recognition: half from how many kudos (each weighed by its recency), half from how many
# distinct colleagues gave them; each half saturates: 1 - e^(-x / scale).
KUDOS_SCALE = 4.0
GIVERS_SCALE = 3.0
# A kudos received on `as_of` weighs 1; one received at the window's far end weighs 0.5.
OLDEST_KUDOS_WEIGHT = 0.5

# Workload: a check-in's points; the factor is their mean.
WORKLOAD_POINTS = {
    WorkloadLevel.balanced: 10.0,
    WorkloadLevel.light: 7.0,
    WorkloadLevel.heavy: 4.0,
    WorkloadLevel.overloaded: 0.0,
}


@dataclass(frozen=True, slots=True)
class Employment:
    start_date: date
    end_date: date | None
    country: str | None


@dataclass(frozen=True, slots=True)
class LeaveSpan:
    """Logged (not cancelled) leave."""

    kind: str
    start_date: date
    end_date: date
    half_days: int


@dataclass(frozen=True, slots=True)
class Factor:
    name: str
    score: float | None
    signals: dict[str, Any] = field(default_factory=dict)


def window(as_of: date, days: int = WINDOW_DAYS) -> tuple[date, date]:
    """The first and last day of the `days` ending at `as_of`."""
    return as_of - timedelta(days=days - 1), as_of


def _tenth(value: float) -> float:
    return round(min(max(value, 0.0), TOP), 1)


def _saturating(amount: float, scale: float) -> float:
    return 1 - math.exp(-amount / scale)


def recognition(kudos: Iterable[tuple[str, date]], as_of: date) -> Factor:
    """From the kudos received, as (giver, day) pairs. Coins do not count: a colleague's
    recognition is the signal, however many coins came with it."""
    first, last = window(as_of)
    received = [(giver, day) for giver, day in kudos if first <= day <= last]
    weight = sum(
        1 - (1 - OLDEST_KUDOS_WEIGHT) * (last - day).days / (WINDOW_DAYS - 1) for _, day in received
    )
    givers = len({giver for giver, _ in received})
    score = TOP * (_saturating(weight, KUDOS_SCALE) + _saturating(givers, GIVERS_SCALE)) / 2
    latest = max((day for _, day in received), default=None)
    return Factor(
        "recognition",
        _tenth(score),
        {
            "kudos": len(received),
            "givers": givers,
            "days_since_last": None if latest is None else (last - latest).days,
        },
    )


def workload(checkins: Iterable[tuple[date, str]], as_of: date) -> Factor:
    """From the check-ins, as (week_start, level) pairs, of the weeks starting in the window."""
    first, last = window(as_of)
    levels = Counter(level for week, level in checkins if first <= week <= last)
    count = sum(levels.values())
    signals: dict[str, Any] = {"checkins": count}
    signals |= {level.value: levels[level.value] for level in WorkloadLevel}
    if not count:
        return Factor("workload", None, signals)
    points = sum(WORKLOAD_POINTS[WorkloadLevel(level)] * n for level, n in levels.items())
    return Factor("workload", _tenth(points / count), signals)


def _employed_days(employment: Employment, first: date, last: date) -> tuple[date, date]:
    start = max(first, employment.start_date)
    end = last if employment.end_date is None else min(last, employment.end_date)
    return start, end


def participation(
    employment: Employment,
    entry_days: Collection[date],
    leave: Sequence[LeaveSpan],
    as_of: date,
) -> Factor:
    """The share of the window's working days (Monday to Friday, not a public holiday of
    the employee's country, not on leave, within the employment) with a status-log entry."""
    first, last = _employed_days(employment, *window(as_of))
    on_leave = {
        span.start_date + timedelta(days=n)
        for span in leave
        if span.start_date <= last and span.end_date >= first
        for n in range((span.end_date - span.start_date).days + 1)
    }
    working = reported = 0
    day = first
    while day <= last:
        if day not in on_leave and calendar.is_working_day(day, employment.country):
            working += 1
            reported += day in entry_days
        day += calendar.ONE_DAY
    signals = {"working_days": working, "days_with_entries": reported}
    if working == 0:
        return Factor("participation", None, signals)
    return Factor("participation", _tenth(TOP * reported / working), signals)


def time_off(
    employment: Employment,
    leave: Sequence[LeaveSpan],
    annual_vacation: float | None,
    as_of: date,
) -> Factor:
    """Vacation taken in the year to `as_of` against the allowance earned in it (the annual
    allowance prorated by the employment days in that year). Taking it all scores 10."""
    first, last = _employed_days(employment, *window(as_of, TIME_OFF_DAYS))
    employed = max(0, (last - first).days + 1)
    if annual_vacation is None or employed == 0:
        return Factor("time_off", None, {})
    allowance = annual_vacation * employed / TIME_OFF_DAYS
    taken_half_days = sum(
        calendar.Spread(span.start_date, span.end_date, employment.country, span.half_days).between(
            first, last
        )
        for span in leave
        if span.kind == LeaveKind.vacation
    )
    signals = {"vacation_days_taken": taken_half_days / 2, "allowance_days": round(allowance, 1)}
    if allowance <= 0:
        return Factor("time_off", None, signals)
    return Factor("time_off", _tenth(TOP * taken_half_days / 2 / allowance), signals)


def weighted_score(factors: Sequence[Factor], weights: Mapping[str, float]) -> float | None:
    """The weighted mean of the factors with data (one decimal); None when fewer than two
    factors with a weight above 0 have data."""
    counted = [f for f in factors if f.score is not None and weights[f.name] > 0]
    if len(counted) < 2:
        return None
    total = sum(weights[f.name] for f in counted)
    return _tenth(sum(weights[f.name] * (f.score or 0.0) for f in counted) / total)
