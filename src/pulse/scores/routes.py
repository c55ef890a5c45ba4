"""`/v1/employees/{id}/score` and `/v1/scores`: the Employee Score, computed on read."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from pulse.kit.auth import require_scope
from pulse.kit.database import Db
from pulse.kit.openapi import error_responses
from pulse.kit.principals import Principal
from pulse.kit.rendering import json_answer
from pulse.kit.routing import ApiRoute
from pulse.scores import service
from pulse.scores.schemas import EmployeeScore, GroupScoreParams, GroupScores, ScoreParams

ScoresRead = Annotated[Principal, Depends(require_scope("read:scores"))]

router = APIRouter(prefix="/v1", tags=["Employee Score"], route_class=ApiRoute)


@router.get(
    "/employees/{employee_id}/score",
    operation_id="scores.retrieve",
    summary="An employee's score",
    description="The 0 to 10 Employee Score over the 90 days ending at `as_of`, with its "
    "factors, the score one window earlier and the factors that moved it. A personal key "
    "reads only its own employee's score.",
    responses=error_responses(404, 422),
    response_model=EmployeeScore,
)
async def employee_score(
    principal: ScoresRead, employee_id: str, params: Annotated[ScoreParams, Query()], db: Db
) -> Response:
    return json_answer(await service.employee_score(db, principal, employee_id, params.as_of))


@router.get(
    "/scores",
    operation_id="scores.groups",
    summary="Scores of groups of employees",
    description="The mean score and factor means of each group of employees employed on "
    "`as_of` sharing a department, manager or location. A group with fewer than 3 scored "
    "members is suppressed. Every group in one answer, not paged. Integration keys only.",
    responses=error_responses(422),
    response_model=GroupScores,
)
async def group_scores(
    principal: ScoresRead, params: Annotated[GroupScoreParams, Query()], db: Db
) -> Response:
    return json_answer(await service.group_scores(db, principal, params.group_by, params.as_of))
