"""`/developers/settings`: the workspace's kudos allowance, leave policy, leave approval,
score weights and rate limit.

Every member reads them; owners and admins change them through the same settings
service as `pulse workspaces update`, which audits the change. The settings belong to
the workspace, so they are the same in test and live."""

from collections.abc import Mapping

from fastapi import APIRouter, Request
from starlette.responses import Response

from pulse.console.access import Changer, CurrentMember
from pulse.console.fields import days, number, text_or_none, whole_number
from pulse.console.web import PREFIX, ConsoleRoute, client_ip, page, posted_form, see_other
from pulse.core.errors import InvalidRequest
from pulse.kit.database import Db, Tx
from pulse.workspaces import settings
from pulse.workspaces.settings import SCORE_FACTORS, LeaveApproval, LeaveKind

router = APIRouter(prefix=PREFIX, route_class=ConsoleRoute, include_in_schema=False)

SETTINGS_PATH = f"{PREFIX}/settings"


def leave_field(kind: LeaveKind) -> str:
    return f"leave:{kind.value}"


def _leave_allowances(form: Mapping[str, str]) -> dict[str, float | None]:
    """Every kind's allowance as typed; an empty field is unlimited."""
    return {
        kind.value: days(form, leave_field(kind), f"The {kind.value} allowance")
        for kind in LeaveKind
    }


def auto_approve_field(kind: LeaveKind) -> str:
    # Each kind is its own checkbox, so the flat form holds them all.
    return f"auto_approve:{kind.value}"


def _auto_approved(form: Mapping[str, str]) -> list[str]:
    """The kinds whose checkbox is ticked (an unticked box is not posted)."""
    return [kind.value for kind in LeaveKind if auto_approve_field(kind) in form]


def weight_field(factor: str) -> str:
    return f"weight:{factor}"


def _score_weights(form: Mapping[str, str]) -> dict[str, float]:
    """The weights typed; an empty (or absent) field leaves that weight as it is."""
    typed = {name: number(form, weight_field(name), f"The {name} weight") for name in SCORE_FACTORS}
    return {name: weight for name, weight in typed.items() if weight is not None}


@router.get("/settings")
async def show(member: CurrentMember, db: Db) -> Response:
    return page(
        "settings.html",
        member,
        "settings",
        SETTINGS_PATH,
        settings=await settings.get_settings(db, member.workspace_id),
        can_change=member.can_change,
        kinds=list(LeaveKind),
        leave_field=leave_field,
        approvals=list(LeaveApproval),
        auto_approve_field=auto_approve_field,
        weight_field=weight_field,
    )


@router.post("/settings")
async def change(request: Request, member: Changer, tx: Tx) -> Response:
    form = await posted_form(request)
    kudos = whole_number(form, "kudos_monthly_allowance", "The kudos allowance")
    if kudos is None:
        raise InvalidRequest("The kudos allowance is needed.", ["kudos_monthly_allowance"])
    rate_limit = whole_number(form, "rate_limit_per_minute", "The rate limit")
    await settings.update_settings(
        tx,
        member.workspace_id,
        actor=member.actor(client_ip(request)),
        kudos_monthly_allowance=kudos,
        leave_allowances=_leave_allowances(form),
        # An empty field follows the deployment's setting.
        rate_limit="default" if rate_limit is None else rate_limit,
        leave_approval=text_or_none(form, "leave_approval"),
        auto_approve_kinds=_auto_approved(form),
        weights=_score_weights(form),
    )
    return see_other(SETTINGS_PATH)
