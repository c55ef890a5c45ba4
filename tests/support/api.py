"""Clients of the API: a key's client (`Api`), the maker of workspaces and keys
(`Tenants`), and the check that an answer is the error envelope."""

from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.audit.service import CLI
from pulse.core.tenancy import Environment, Tenant
from pulse.db.dialect import insert_rows
from pulse.db.session import transaction
from pulse.employees import service as employees
from pulse.employees.schemas import EmployeeCreate
from pulse.keys import service as keys
from pulse.kit.principals import Principal
from pulse.workspaces import service as workspaces


@dataclass
class Api:
    """A client holding one API key of one tenant."""

    http: httpx.AsyncClient
    tenant: Tenant
    secret: str
    key_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return await self.http.request(method, path, headers=headers, **kwargs)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", path, **kwargs)

    async def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PATCH", path, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", path, **kwargs)

    async def create_employee(self, **fields: Any) -> dict[str, Any]:
        body = {"full_name": "Ada Lovelace", "start_date": "2024-01-15", **fields}
        response = await self.post("/v1/employees", json=body)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result


class Tenants:
    """Makes workspaces and keys straight through the services (as the CLI does)."""

    def __init__(self, engine: AsyncEngine, http: httpx.AsyncClient) -> None:
        self.engine = engine
        self.http = http

    async def workspace(self, name: str = "Acme", rate_limit: int | None = None) -> str:
        async with transaction(self.engine) as conn:
            row = await workspaces.create_workspace(conn, name, rate_limit)
        return str(row["id"])

    async def key(
        self,
        workspace_id: str,
        environment: Environment = Environment.test,
        scopes: tuple[str, ...] = ("*",),
        employee_id: str | None = None,
        expires_in_days: int | None = None,
    ) -> Api:
        tenant = Tenant(workspace_id, environment)
        async with transaction(self.engine) as conn:
            record, secret = await keys.create_key(
                conn,
                tenant,
                list(scopes),
                actor=CLI,
                employee_id=employee_id,
                expires_in_days=expires_in_days,
            )
        return Api(self.http, tenant, secret, record["id"])

    async def new(
        self, scopes: tuple[str, ...] = ("*",), environment: Environment = Environment.test
    ) -> Api:
        return await self.key(await self.workspace(), environment, scopes)

    async def employee(self, tenant: Tenant, **fields: Any) -> str:
        """An employee created through the service, for tests of other keys."""
        data = EmployeeCreate.model_validate(
            {"full_name": "Grace Hopper", "start_date": "2023-03-01", **fields}
        )
        system = Principal.operator("system", tenant)
        async with transaction(self.engine) as db:
            plan = await employees.plan_employee(db, system, data)
            await insert_rows(db, plan.rows)
        return str(plan.answer["id"])


def assert_error(
    response: httpx.Response, status: int, code: str, fields: list[str] | None = None
) -> dict[str, Any]:
    """The response is the error envelope with this status, code (and fields)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "fields", "request_id"}, error
    assert error["code"] == code, error
    assert error["message"]
    assert error["request_id"] == response.headers["x-request-id"]
    assert error["request_id"].startswith("req_")
    if fields is not None:
        assert error["fields"] == fields, error
    result: dict[str, Any] = error
    return result
