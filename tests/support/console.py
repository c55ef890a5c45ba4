"""A browser's part, for the console's HTTP tests: a cookie-keeping client, members
invited through the service (as `pulse members create` does), forms read off pages."""

import re
import secrets
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.audit.service import CLI
from pulse.db.session import reading, transaction
from pulse.db.tables import audit_log
from pulse.members import repository as members_repository
from pulse.members import service as members
from pulse.members.roles import Role

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SESSION_COOKIE = "pulse_console_session"


def browser(app: FastAPI, base_url: str = "http://pulse.test") -> httpx.AsyncClient:
    """A client that keeps cookies and does not follow redirects (tests look at them)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


def csrf_of(page: httpx.Response) -> str:
    found = CSRF.search(page.text)
    assert found, page.text
    return found.group(1)


def refusal_of(page: httpx.Response) -> str:
    """The message a refused sign-in shows."""
    found = re.search(r'<p class="error" role="alert" id="sign-in-error">([^<]*)</p>', page.text)
    assert found, page.text
    return found.group(1)


async def invite(
    engine: AsyncEngine, workspace_id: str, role: Role = Role.owner, email: str | None = None
) -> tuple[str, str]:
    """A new member's email and the token of their sign-in link."""
    address = email or f"{role.value}-{secrets.token_hex(6)}@example.com"
    async with transaction(engine) as db:
        link = await members.invite(db, workspace_id, address, role, None, CLI)
    return link.member["email"], link.token


async def welcome(http: httpx.AsyncClient, token: str, password: str = PASSWORD) -> httpx.Response:
    """Set the password through the welcome page; the answer to the form."""
    page = await http.get(f"/developers/welcome/{token}")
    assert page.status_code == 200, page.text
    form = {"csrf_token": csrf_of(page), "password": password, "password_again": password}
    return await http.post(f"/developers/welcome/{token}", data=form)


async def sign_in(http: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    page = await http.get("/developers/sign-in")
    assert page.status_code == 200, page.text
    form = {"csrf_token": csrf_of(page), "email": email, "password": password}
    return await http.post("/developers/sign-in", data=form)


@dataclass
class Member:
    """A signed-in member's browser."""

    http: httpx.AsyncClient
    email: str

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.get(path, **kwargs)

    async def post_form(self, path: str, fields: dict[str, str]) -> httpx.Response:
        """Post a form with this session's CSRF token, read off the console's home page."""
        token = csrf_of(await self.http.get("/developers"))
        return await self.http.post(path, data={"csrf_token": token, **fields})


async def signed_in(
    app: FastAPI, engine: AsyncEngine, workspace_id: str, role: Role = Role.owner
) -> Member:
    http = browser(app)
    email, token = await invite(engine, workspace_id, role)
    answer = await welcome(http, token)
    assert answer.status_code == 303, answer.text
    return Member(http, email)


async def member_id_of(engine: AsyncEngine, email: str) -> str:
    async with reading(engine) as db:
        found = await members_repository.member_by_email(db, email)
    assert found is not None, email
    return str(found["id"])


async def audit_entries(
    engine: AsyncEngine, workspace_id: str, action: str
) -> list[dict[str, Any]]:
    """The workspace's audit entries of one action, oldest first."""
    query = (
        select(audit_log)
        .where(audit_log.c.workspace_id == workspace_id, audit_log.c.action == action)
        .order_by(audit_log.c.at, audit_log.c.id)
    )
    async with reading(engine) as db:
        return [dict(row) for row in (await db.execute(query)).mappings()]


def field_value(page: httpx.Response, field_id: str) -> str:
    """The value of the input with id `field_id` (a secret or link shown once)."""
    found = re.search(rf'<input id="{field_id}"[^>]* value="([^"]*)"', page.text)
    assert found, page.text
    return found.group(1)
