"""The Employee Score, computed on read: the journals of the window, read for every
employee asked about at once, fed to the pure factor functions (`factors.py`)."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean
from typing import Any

from pulse.core.errors import PermissionDenied, Unprocessable, not_found
from pulse.core.tenancy import Tenant
from pulse.db.session import Session
from pulse.employees import repository as employees
from pulse.kit.clock import today
from pulse.kit.principals import Principal
from pulse.scores import factors, repository
from pulse.scores.factors import TIME_OFF_DAYS, WINDOW_DAYS, Employment, Factor, LeaveSpan
from pulse.scores.schemas import GroupBy
from pulse.workspaces.service import get_workspace
from pulse.workspaces.settings import SCORE_FACTORS, LeaveKind, leave_policy, score_weights

# Below this many scored members a group shows nothing (no individual singled out).
MIN_GROUP = 3
# A factor "moved" the score when it changed by this much or more since the last window.
MOVED = 0.5
LABELS = {
    "recognition": "Recognition",
    "workload": "Workload",
    "participation": "Participation",
    "time_off": "Time off",
}
WINDOW = timedelta(days=WINDOW_DAYS)


@dataclass
class Journals:
    """Each employee's journal entries over the stretch of days read."""

    kudos: dict[str, list[tuple[str, date]]] = field(default_factory=lambda: defaultdict(list))
    checkins: dict[str, list[tuple[date, str]]] = field(default_factory=lambda: defaultdict(list))
    entry_days: dict[str, set[date]] = field(default_factory=lambda: defaultdict(set))
    leave: dict[str, list[LeaveSpan]] = field(default_factory=lambda: defaultdict(list))


async def read_journals(
    db: Session, tenant: Tenant, ids: Sequence[str], first_as_of: date, last_as_of: date
) -> Journals:
    """What every factor needs for scores as of any day from `first_as_of` to `last_as_of`."""
    first = factors.window(first_as_of)[0]
    journals = Journals()
    for row in await repository.kudos_received(db, tenant, ids, first, last_as_of):
        journals.kudos[row.to_employee_id].append((row.from_employee_id, row.created_at.date()))
    for row in await repository.checkins(db, tenant, ids, first, last_as_of):
        journals.checkins[row.employee_id].append((row.week_start, row.level))
    journals.entry_days.update(await repository.status_days(db, tenant, ids, first, last_as_of))
    year_first = factors.window(first_as_of, TIME_OFF_DAYS)[0]
    for row in await repository.taken_leave(db, tenant, ids, year_first, last_as_of):
        journals.leave[row.employee_id].append(
            LeaveSpan(row.kind, row.start_date, row.end_date, row.half_days)
        )
    return journals


def factors_of(
    employee: Mapping[str, Any],
    journals: Journals,
    annual_vacation: float | None,
    as_of: date,
) -> list[Factor]:
    employee_id = employee["id"]
    employment = Employment(employee["start_date"], employee["end_date"], employee["country"])
    leave = journals.leave.get(employee_id, [])
    entry_days = journals.entry_days.get(employee_id, set())
    return [
        factors.recognition(journals.kudos.get(employee_id, []), as_of),
        factors.workload(journals.checkins.get(employee_id, []), as_of),
        factors.participation(employment, entry_days, leave, as_of),
        factors.time_off(employment, leave, annual_vacation, as_of),
    ]


def _as_of(day: date | None) -> date:
    current = today()
    if day is None:
        return current
    if day > current:
        raise Unprocessable(
            f"as_of is {day}, after today ({current}): a score reads the journals up to a "
            "day that has happened.",
            fields=["as_of"],
        )
    return day


async def _scoring_rules(db: Session, tenant: Tenant) -> tuple[dict[str, float], float | None]:
    workspace = await get_workspace(db, tenant.workspace_id)
    return score_weights(workspace), leave_policy(workspace)[LeaveKind.vacation]


async def employee_score(
    db: Session, principal: Principal, employee_id: str, as_of: date | None
) -> dict[str, Any]:
    if principal.is_personal and principal.employee_id != employee_id:
        raise PermissionDenied(
            f"A personal key reads only its own employee's score ({principal.employee_id}).",
            fields=[],
        )
    day = _as_of(as_of)
    tenant = principal.tenant
    employee = await employees.get_employee(db, tenant, employee_id)
    if employee is None:
        raise not_found("employee", employee_id)
    weights, vacation = await _scoring_rules(db, tenant)
    before = day - WINDOW
    journals = await read_journals(db, tenant, [employee_id], before, day)
    now = factors_of(employee, journals, vacation, day)
    then = factors_of(employee, journals, vacation, before)
    score = factors.weighted_score(now, weights)
    previous = factors.weighted_score(then, weights)
    return {
        "employee_id": employee_id,
        "as_of": day,
        "window_days": WINDOW_DAYS,
        "score": score,
        "factors": [
            {"name": f.name, "score": f.score, "weight": weights[f.name], "signals": f.signals}
            for f in now
        ],
        "previous": {"as_of": before, "score": previous},
        "explanation": explain(now, then, score, previous),
    }


def explain(
    now: Sequence[Factor], then: Sequence[Factor], score: float | None, previous: float | None
) -> list[str]:
    """Sentences on the score and the factors that moved it since the window before."""
    if score is None:
        missing = [LABELS[f.name] for f in now if f.score is None]
        return [
            "No score: at least two factors need data in the window, and "
            f"{_listed(missing)} {'has' if len(missing) == 1 else 'have'} none."
        ]
    if previous is None:
        lines = [f"The score is {score}; the window before had too little data to compare."]
    elif score == previous:
        lines = [f"The score held at {score}."]
    else:
        lines = [f"The score {_moved(previous, score)} from {previous} to {score}."]
    moved = []
    for current, earlier in zip(now, then, strict=True):
        label = LABELS[current.name]
        if current.score is None:
            if earlier.score is not None:
                moved.append(f"{label} has no data in this window (it was {earlier.score}).")
        elif earlier.score is None:
            moved.append(f"{label} has data again, at {current.score}.")
        elif abs(current.score - earlier.score) >= MOVED:
            verb = _moved(earlier.score, current.score)
            moved.append(f"{label} {verb} from {earlier.score} to {current.score}.")
    return lines + (moved or [f"No factor moved by {MOVED} or more."])


def _moved(before: float, after: float) -> str:
    return "rose" if after > before else "fell"


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


async def group_scores(
    db: Session, principal: Principal, group_by: GroupBy, as_of: date | None
) -> dict[str, Any]:
    """Every group's score as of `as_of`, over the employees employed that day."""
    principal.require_integration_key("read group scores")
    day = _as_of(as_of)
    tenant = principal.tenant
    weights, vacation = await _scoring_rules(db, tenant)
    members = await repository.employed_on(db, tenant, day)
    journals = await read_journals(db, tenant, [m["id"] for m in members], day, day)
    groups: dict[str | None, list[list[Factor]]] = defaultdict(list)
    for member in members:
        groups[member[group_by.value]].append(factors_of(member, journals, vacation, day))
    ordered = sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or ""))
    return {
        "group_by": group_by,
        "as_of": day,
        "window_days": WINDOW_DAYS,
        "data": [group_score(key, scored, weights) for key, scored in ordered],
    }


def group_score(
    key: str | None, members: list[list[Factor]], weights: Mapping[str, float]
) -> dict[str, Any]:
    """A group from its members' factors (each in `SCORE_FACTORS` order): nothing but its
    size when fewer than `MIN_GROUP` members have a score."""
    scores = [s for s in (factors.weighted_score(m, weights) for m in members) if s is not None]
    suppressed = len(scores) < MIN_GROUP
    means: dict[str, float | None] = dict.fromkeys(SCORE_FACTORS)
    if not suppressed:
        for index, name in enumerate(SCORE_FACTORS):
            values = [score for m in members if (score := m[index].score) is not None]
            means[name] = round(fmean(values), 1) if values else None
    return {
        "key": key,
        "employees": len(members),
        "score": None if suppressed else round(fmean(scores), 1),
        "suppressed": suppressed,
        "factors": [{"name": name, "score": mean} for name, mean in means.items()],
    }
