"""The score's factors as pure functions: bounds, monotony, windows, suppression."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pulse.scores import factors
from pulse.scores.factors import Employment, Factor, LeaveSpan
from pulse.scores.service import MIN_GROUP, explain, group_score
from pulse.workload.schemas import WorkloadLevel
from pulse.workspaces.settings import DEFAULT_SCORE_WEIGHTS, SCORE_FACTORS

AS_OF = date(2026, 6, 30)
FIRST, LAST = factors.window(AS_OF)
givers = st.sampled_from([f"emp_{n}" for n in range(12)])
days_in_window = st.dates(min_value=FIRST, max_value=LAST)
days_outside = st.one_of(
    st.dates(min_value=FIRST - timedelta(days=400), max_value=FIRST - timedelta(days=1)),
    st.dates(min_value=LAST + timedelta(days=1), max_value=LAST + timedelta(days=400)),
)
kudos_lists = st.lists(st.tuples(givers, days_in_window), max_size=40)
any_days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
scores = st.one_of(st.none(), st.floats(min_value=0, max_value=10).map(lambda x: round(x, 1)))


def in_range(factor: Factor) -> bool:
    return factor.score is None or 0 <= factor.score <= 10


@given(kudos_lists, st.lists(st.tuples(givers, days_in_window), min_size=1, max_size=10))
def test_more_kudos_from_more_givers_never_lower_recognition(
    kudos: list[tuple[str, date]], more: list[tuple[str, date]]
) -> None:
    before = factors.recognition(kudos, AS_OF)
    after = factors.recognition(kudos + more, AS_OF)
    assert after.score is not None and before.score is not None
    assert after.score >= before.score
    assert after.signals["kudos"] == len(kudos) + len(more)
    assert after.signals["givers"] >= before.signals["givers"]


@given(kudos_lists, st.lists(st.tuples(givers, days_outside), min_size=1, max_size=10))
def test_kudos_outside_the_window_change_nothing(
    kudos: list[tuple[str, date]], outside: list[tuple[str, date]]
) -> None:
    assert factors.recognition(kudos + outside, AS_OF) == factors.recognition(kudos, AS_OF)


def test_no_kudos_is_zero_and_spread_beats_one_generous_giver() -> None:
    assert factors.recognition([], AS_OF).score == 0
    # Coins are not an input at all: one kudos of 100 coins is one kudos.
    one_giver = factors.recognition([("emp_1", AS_OF)], AS_OF).score
    five_givers = factors.recognition([(f"emp_{n}", AS_OF) for n in range(5)], AS_OF).score
    assert one_giver is not None and five_givers is not None
    assert five_givers > one_giver
    # Many kudos from one colleague stay below a handful of colleagues.
    one_insists = factors.recognition([("emp_1", AS_OF)] * 50, AS_OF).score
    assert one_insists is not None and one_insists < five_givers


def test_recent_kudos_weigh_more() -> None:
    recent = factors.recognition([("emp_1", LAST)], AS_OF).score
    old = factors.recognition([("emp_1", FIRST)], AS_OF).score
    assert recent is not None and old is not None and recent > old


levels = st.sampled_from([level.value for level in WorkloadLevel])
mondays = st.dates(min_value=FIRST - timedelta(days=200), max_value=LAST + timedelta(days=30))


@given(st.lists(st.tuples(mondays, levels), max_size=30))
def test_workload_stays_in_range_and_is_null_without_checkins(
    checkins: list[tuple[date, str]],
) -> None:
    factor = factors.workload(checkins, AS_OF)
    assert in_range(factor)
    assert (factor.score is None) == (factor.signals["checkins"] == 0)


def test_balanced_is_best_and_overloaded_worst() -> None:
    week = LAST - timedelta(days=LAST.weekday())
    by_level = {
        level: factors.workload([(week, level.value)], AS_OF).score for level in WorkloadLevel
    }
    assert by_level[WorkloadLevel.balanced] == 10
    assert by_level[WorkloadLevel.overloaded] == 0
    assert by_level[WorkloadLevel.light] is not None and by_level[WorkloadLevel.heavy] is not None
    assert by_level[WorkloadLevel.light] > by_level[WorkloadLevel.heavy]


employments = st.builds(
    Employment,
    start_date=st.dates(min_value=date(2024, 1, 1), max_value=AS_OF),
    end_date=st.one_of(st.none(), any_days),
    country=st.sampled_from([None, "IT", "GB", "US"]),
).filter(lambda e: e.end_date is None or e.end_date >= e.start_date)


@st.composite
def leave_spans(draw: st.DrawFn) -> LeaveSpan:
    start = draw(any_days)
    end = start + timedelta(days=draw(st.integers(0, 20)))
    kind = draw(st.sampled_from(["vacation", "sick", "personal"]))
    return LeaveSpan(kind, start, end, draw(st.integers(1, 30)))


@given(
    employments,
    st.sets(any_days, max_size=120),
    st.lists(leave_spans(), max_size=6),
    st.one_of(st.none(), st.floats(min_value=0, max_value=366)),
    any_days,
)
# The first call for a country and year computes its holidays, slower than the rest.
@settings(deadline=None)
def test_every_factor_stays_between_0_and_10(
    employment: Employment,
    entry_days: set[date],
    leave: list[LeaveSpan],
    vacation: float | None,
    as_of: date,
) -> None:
    assert in_range(factors.participation(employment, entry_days, leave, as_of))
    assert in_range(factors.time_off(employment, leave, vacation, as_of))


def test_participation_counts_working_days_not_on_leave() -> None:
    # June 2026 in Italy: the 2nd is Republic Day; a week of leave from the 15th.
    employment = Employment(date(2026, 6, 1), None, "IT")
    leave = [LeaveSpan("vacation", date(2026, 6, 15), date(2026, 6, 19), 10)]
    entries = {date(2026, 6, day) for day in (1, 2, 3, 6, 15)}  # 2nd: holiday, 6th: Saturday
    factor = factors.participation(employment, entries, leave, date(2026, 6, 30))
    # 22 weekdays, minus the holiday, minus 5 days of leave.
    assert factor.signals == {"working_days": 16, "days_with_entries": 2}
    assert factor.score == 1.2
    before_start = factors.participation(employment, entries, leave, date(2026, 5, 31))
    assert before_start.score is None


def test_time_off_against_the_prorated_allowance() -> None:
    never_rests = Employment(date(2020, 1, 1), None, None)
    assert factors.time_off(never_rests, [], 25, AS_OF).score == 0
    assert factors.time_off(never_rests, [], None, AS_OF).score is None
    rested = [LeaveSpan("vacation", date(2026, 3, 2), date(2026, 3, 13), 20)]
    assert factors.time_off(never_rests, rested, 25, AS_OF).score == 4.0
    # Hired half a year ago: half the allowance earned, so the same days weigh double.
    new = Employment(AS_OF - timedelta(days=182), None, None)
    assert factors.time_off(new, rested, 25, AS_OF).score == 8.0
    sick = [LeaveSpan("sick", date(2026, 3, 2), date(2026, 3, 13), 20)]
    assert factors.time_off(never_rests, sick, 25, AS_OF).score == 0


@given(st.lists(scores, min_size=4, max_size=4))
def test_the_score_needs_two_factors_and_stays_in_range(values: list[float | None]) -> None:
    made = [Factor(name, value) for name, value in zip(SCORE_FACTORS, values, strict=True)]
    score = factors.weighted_score(made, DEFAULT_SCORE_WEIGHTS)
    known = [value for value in values if value is not None]
    if len(known) < 2:
        assert score is None
    else:
        assert score is not None and min(known) - 0.05 <= score <= max(known) + 0.05


def test_a_weight_of_zero_leaves_a_factor_out() -> None:
    made = [Factor("recognition", 10.0), Factor("workload", 0.0), Factor("participation", 5.0)]
    made.append(Factor("time_off", None))
    weights = {**DEFAULT_SCORE_WEIGHTS, "workload": 0}
    assert factors.weighted_score(made, weights) == 7.5
    assert factors.weighted_score(made, {**weights, "participation": 0}) is None


member_factors = st.lists(
    st.tuples(*(scores for _ in SCORE_FACTORS)).map(
        lambda values: [Factor(n, v) for n, v in zip(SCORE_FACTORS, values, strict=True)]
    ),
    max_size=8,
)


@given(member_factors)
def test_groups_below_three_scored_members_are_suppressed(members: list[list[Factor]]) -> None:
    group = group_score("Engineering", members, DEFAULT_SCORE_WEIGHTS)
    scored = [m for m in members if factors.weighted_score(m, DEFAULT_SCORE_WEIGHTS) is not None]
    assert group["employees"] == len(members)
    assert group["suppressed"] == (len(scored) < MIN_GROUP)
    if group["suppressed"]:
        assert group["score"] is None
        assert all(mean["score"] is None for mean in group["factors"])
    else:
        assert group["score"] is not None and 0 <= group["score"] <= 10


def test_the_explanation_names_what_moved() -> None:
    now = [Factor("recognition", 8.0), Factor("workload", 7.0), Factor("participation", None)]
    then = [Factor("recognition", 2.0), Factor("workload", 7.2), Factor("participation", 6.0)]
    lines = explain(now, then, 7.5, 5.1)
    assert lines == [
        "The score rose from 5.1 to 7.5.",
        "Recognition rose from 2.0 to 8.0.",
        "Participation has no data in this window (it was 6.0).",
    ]
    assert explain(now, now, 7.5, 7.5) == [
        "The score held at 7.5.",
        "No factor moved by 0.5 or more.",
    ]
    missing = [Factor("recognition", 0.0), Factor("workload", None), Factor("time_off", None)]
    assert explain(missing, missing, None, None) == [
        "No score: at least two factors need data in the window, and Workload and Time off "
        "have none."
    ]
