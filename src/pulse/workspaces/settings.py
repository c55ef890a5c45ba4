"""Workspace settings: the kudos allowance, the leave policy and leave approval (they shape
the journals), the Employee Score's factor weights and the rate limit. Every change is
written to the audit log with who made it, from the CLI or the console alike."""

import math
from enum import StrEnum
from typing import Any, Literal, get_args

from pulse.audit import service as audit
from pulse.audit.service import Actor
from pulse.core.errors import InvalidRequest
from pulse.db.session import Session
from pulse.workspaces import repository
from pulse.workspaces.service import checked_rate_limit, get_workspace


class LeaveKind(StrEnum):
    vacation = "vacation"
    sick = "sick"
    personal = "personal"
    parental = "parental"
    unpaid = "unpaid"
    other = "other"


class LeaveApproval(StrEnum):
    none = "none"  # leave is logged at once
    manager = "manager"  # leave is requested, then approved or declined


# Days per year; a kind that is absent (or null) has no limit.
DEFAULT_LEAVE_POLICY: dict[str, float | None] = {"vacation": 25, "personal": 3}
MAX_ANNUAL_DAYS = 366

# The Employee Score's factors, in the order answers list them, and their default
# weights (README, Employee Score).
FactorName = Literal["recognition", "workload", "participation", "time_off"]
SCORE_FACTORS: tuple[FactorName, ...] = get_args(FactorName)
DEFAULT_SCORE_WEIGHTS: dict[str, float] = dict.fromkeys(SCORE_FACTORS, 1)
# Weights are relative; the bound only keeps them readable numbers.
MAX_SCORE_WEIGHT = 100


# What `update_settings` changes, as `describe_workspace` names it.
SETTINGS = (
    "rate_limit_per_minute",
    "kudos_monthly_allowance",
    "leave_policy",
    "leave_approval",
    "leave_auto_approve_kinds",
    "score_weights",
)


def leave_policy(workspace: dict[str, Any]) -> dict[LeaveKind, float | None]:
    """Every kind's annual allowance for this workspace (None = unlimited)."""
    stored = workspace.get("leave_policy")
    policy = DEFAULT_LEAVE_POLICY if stored is None else stored
    return {kind: policy.get(kind.value) for kind in LeaveKind}


def score_weights(workspace: dict[str, Any]) -> dict[str, float]:
    """Every factor's weight for this workspace (the defaults where none is stored)."""
    stored = workspace.get("score_weights") or {}
    return {name: stored.get(name, DEFAULT_SCORE_WEIGHTS[name]) for name in SCORE_FACTORS}


def auto_approved_kinds(workspace: dict[str, Any]) -> list[str]:
    """The kinds logged at once even under manager approval, in the order of `LeaveKind`."""
    stored = set(workspace.get("leave_auto_approve_kinds") or ())
    return [kind.value for kind in LeaveKind if kind.value in stored]


def needs_approval(workspace: dict[str, Any], kind: LeaveKind) -> bool:
    """Whether new leave of `kind` is requested (and decided later) rather than logged."""
    approval = workspace.get("leave_approval") or LeaveApproval.none.value
    return approval == LeaveApproval.manager.value and kind.value not in auto_approved_kinds(
        workspace
    )


def describe_workspace(workspace: dict[str, Any]) -> dict[str, Any]:
    """A workspace as the CLI and the console shows it, defaults spelt out."""
    return {
        "id": workspace["id"],
        "name": workspace["name"],
        "created_at": workspace["created_at"],
        "rate_limit_per_minute": workspace["rate_limit_per_minute"],
        "kudos_monthly_allowance": workspace["kudos_monthly_allowance"],
        "leave_policy": {kind.value: days for kind, days in leave_policy(workspace).items()},
        "leave_approval": workspace.get("leave_approval") or LeaveApproval.none.value,
        "leave_auto_approve_kinds": auto_approved_kinds(workspace),
        "score_weights": score_weights(workspace),
    }


async def get_settings(db: Session, workspace_id: str) -> dict[str, Any]:
    return describe_workspace(await get_workspace(db, workspace_id))


async def update_settings(
    db: Session,
    workspace_id: str,
    *,
    actor: Actor,
    kudos_monthly_allowance: int | None = None,
    leave_allowances: dict[str, float | None] | None = None,
    rate_limit: int | Literal["default"] | None = None,
    leave_approval: str | None = None,
    auto_approve_kinds: list[str] | None = None,
    weights: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Change any of: the kudos allowance, some kinds' annual leave allowance, the rate
    limit (`"default"` follows the deployment's setting again), leave approval (`none` or
    `manager`) and the kinds it auto-approves (`[]` for none), some score factors'
    weights. None leaves a setting be. What really changed is audited as
    `workspace.settings_changed`, before and after."""
    workspace = await get_workspace(db, workspace_id)
    before = describe_workspace(workspace)
    values: dict[str, Any] = {}
    if rate_limit is not None:
        values["rate_limit_per_minute"] = (
            None if rate_limit == "default" else checked_rate_limit(rate_limit)
        )
    if kudos_monthly_allowance is not None:
        if kudos_monthly_allowance < 0:
            raise InvalidRequest(
                "The kudos allowance is 0 coins or more.", fields=["kudos_monthly_allowance"]
            )
        values["kudos_monthly_allowance"] = kudos_monthly_allowance
    if leave_allowances:
        policy = {kind.value: days for kind, days in leave_policy(workspace).items()}
        for kind, days in leave_allowances.items():
            policy[_checked_kind(kind)] = _checked_days(kind, days)
        values["leave_policy"] = policy
    if leave_approval is not None:
        values["leave_approval"] = _checked_approval(leave_approval)
    if auto_approve_kinds is not None:
        kinds = {_checked_kind(kind, "leave_auto_approve_kinds") for kind in auto_approve_kinds}
        # Stored in the order of `LeaveKind`; NULL when no kind is auto-approved.
        values["leave_auto_approve_kinds"] = [
            k.value for k in LeaveKind if k.value in kinds
        ] or None
    if weights:
        values["score_weights"] = _checked_weights({**score_weights(workspace), **weights})
    if values:
        await repository.update_workspace(db, workspace_id, values)
    after = await get_settings(db, workspace_id)
    changed = {
        name: {"from": before[name], "to": after[name]}
        for name in SETTINGS
        if before[name] != after[name]
    }
    if changed:
        await audit.record(
            db, actor, "workspace.settings_changed", workspace_id=workspace_id, details=changed
        )
    return after


def _checked_kind(kind: str, field: str = "leave_policy") -> str:
    try:
        return LeaveKind(kind).value
    except ValueError:
        known = ", ".join(k.value for k in LeaveKind)
        raise InvalidRequest(
            f"Unknown leave kind {kind!r}; kinds are {known}.", fields=[field]
        ) from None


def _checked_approval(approval: str) -> str:
    try:
        return LeaveApproval(approval).value
    except ValueError:
        known = ", ".join(a.value for a in LeaveApproval)
        raise InvalidRequest(
            f"Unknown leave approval {approval!r}; it is one of {known}.",
            fields=["leave_approval"],
        ) from None


def _checked_days(kind: str, days: float | None) -> float | None:
    if days is None:
        return None
    if days < 0 or days > MAX_ANNUAL_DAYS or (days * 2) != int(days * 2):
        raise InvalidRequest(
            f"The {kind} allowance is a number of days from 0 to {MAX_ANNUAL_DAYS} "
            "in half days, or unlimited.",
            fields=["leave_policy"],
        )
    return int(days) if days == int(days) else days


def _checked_weights(weights: dict[str, float]) -> dict[str, float]:
    unknown = sorted(set(weights) - set(SCORE_FACTORS))
    if unknown:
        raise InvalidRequest(
            f"Unknown score factor {unknown[0]!r}; factors are {', '.join(SCORE_FACTORS)}.",
            fields=["score_weights"],
        )
    for name, weight in weights.items():
        if not (math.isfinite(weight) and 0 <= weight <= MAX_SCORE_WEIGHT):
            raise InvalidRequest(
                f"The {name} weight is a number from 0 to {MAX_SCORE_WEIGHT}: {weight!r} is not.",
                fields=["score_weights"],
            )
    if not any(weights.values()):
        raise InvalidRequest(
            "At least one score weight must be above 0: a score cannot weigh nothing.",
            fields=["score_weights"],
        )
    return {name: int(w) if w == int(w) else w for name, w in weights.items()}
