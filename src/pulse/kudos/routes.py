"""`/v1/kudos`: peer recognition."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from pulse.kit.auth import require_scope
from pulse.kit.database import Db, Tx
from pulse.kit.idempotency import Idempotent
from pulse.kit.openapi import error_responses
from pulse.kit.pagination import page_request
from pulse.kit.principals import Principal
from pulse.kit.rendering import json_answer
from pulse.kit.routing import ApiRoute
from pulse.kudos import service
from pulse.kudos.schemas import Kudos, KudosCreate, KudosFilters, KudosList

KudosRead = Annotated[Principal, Depends(require_scope("read:kudos"))]
KudosWrite = Annotated[Principal, Depends(require_scope("write:kudos"))]

router = APIRouter(prefix="/v1/kudos", tags=["Kudos"], route_class=ApiRoute)


@router.get("", operation_id="kudos.list", summary="List kudos", response_model=KudosList)
async def list_kudos(
    principal: KudosRead, params: Annotated[KudosFilters, Query()], db: Db
) -> Response:
    page = await service.list_kudos(db, principal.tenant, params, page_request("kudos", params))
    return json_answer(page)


@router.post(
    "",
    status_code=201,
    operation_id="kudos.create",
    summary="Give kudos",
    description="From one active employee to another, within the giver's monthly allowance "
    "of coins (per calendar month, UTC). A personal key gives as its own employee.",
    responses=error_responses(404, 422),
    response_model=Kudos,
)
async def give_kudos(principal: KudosWrite, _: Idempotent, body: KudosCreate, tx: Tx) -> Response:
    return json_answer(await service.give_kudos(tx, principal, body), status_code=201)


@router.get(
    "/{kudos_id}",
    operation_id="kudos.retrieve",
    summary="Retrieve kudos",
    responses=error_responses(404),
    response_model=Kudos,
)
async def get_kudos(principal: KudosRead, kudos_id: str, db: Db) -> Response:
    return json_answer(await service.get_kudos(db, principal.tenant, kudos_id))
