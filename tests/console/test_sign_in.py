"""Getting in and out of the console over HTTP: links, passwords, sessions, lockout."""

from datetime import timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.db.session import reading
from pulse.db.tables import audit_log, console_members, console_sessions
from pulse.kit import clock
from pulse.members.roles import Role
from pulse.members.sessions import SIGN_IN_REFUSED
from pulse.members.tokens import token_hash
from tests.support.api import Tenants
from tests.support.console import (
    PASSWORD,
    SESSION_COOKIE,
    browser,
    csrf_of,
    invite,
    refusal_of,
    sign_in,
    signed_in,
    welcome,
)


async def _actions(engine: AsyncEngine, workspace_id: str) -> list[str]:
    async with reading(engine) as db:
        query = (
            select(audit_log.c.action)
            .where(audit_log.c.workspace_id == workspace_id)
            .order_by(audit_log.c.id)
        )
        return list((await db.execute(query)).scalars())


async def test_welcome_sets_a_password_and_signs_in(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    workspace = await tenants.workspace()
    email, token = await invite(engine, workspace, Role.admin)
    async with browser(app) as http:
        page = await http.get(f"/developers/welcome/{token}")
        assert page.status_code == 200
        assert email in page.text
        assert "at least 12 characters" in page.text
        assert 'for="password"' in page.text  # the field has its label

        short = await http.post(
            f"/developers/welcome/{token}",
            data={"csrf_token": csrf_of(page), "password": "too short", "password_again": "x"},
        )
        assert short.status_code == 400
        assert "at least 12 characters" in short.text

        answer = await welcome(http, token)
        assert answer.status_code == 303
        assert answer.headers["location"] == "/developers"
        home = await http.get("/developers")
        assert home.status_code == 200
        assert email in home.text
        assert "admin" in home.text

    async with reading(engine) as db:
        stored = (
            await db.execute(
                select(console_members.c.password_hash).where(console_members.c.email == email)
            )
        ).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert await _actions(engine, workspace) == [
        "member.invited",
        "member.password_set",
        "member.signed_in",
    ]

    # The link was for one use.
    async with browser(app) as http:
        again = await http.get(f"/developers/welcome/{token}")
        assert again.status_code == 404
        assert "expired or was already used" in again.text


async def test_a_link_expires_after_24_hours(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, token = await invite(engine, await tenants.workspace())
    later = clock.utcnow() + timedelta(hours=24, seconds=1)
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    async with browser(app) as http:
        assert (await http.get(f"/developers/welcome/{token}")).status_code == 404


async def test_sign_in_and_out(app: FastAPI, engine: AsyncEngine, tenants: Tenants) -> None:
    workspace = await tenants.workspace()
    member = await signed_in(app, engine, workspace, Role.viewer)
    async with browser(app) as http:
        before = await http.get("/developers/sign-in")
        refused = await sign_in(http, member.email, "not the password")
        assert refused.status_code == 401
        assert refusal_of(refused) == SIGN_IN_REFUSED

        answer = await sign_in(http, member.email)
        assert answer.status_code == 303
        assert before.cookies.get(SESSION_COOKIE) is None
        cookie = http.cookies[SESSION_COOKIE]
        home = await http.get("/developers")
        assert home.status_code == 200
        assert member.email in home.text

        out = await http.post("/developers/sign-out", data={"csrf_token": csrf_of(home)})
        assert out.status_code == 303
        assert SESSION_COOKIE not in http.cookies

        # The old cookie is dead on the server, not only forgotten by the browser.
        http.cookies.set(SESSION_COOKIE, cookie, domain="pulse.test", path="/developers")
        after = await http.get("/developers")
        assert after.status_code == 303
        assert after.headers["location"] == "/developers/sign-in"
    async with reading(engine) as db:
        alive = await db.execute(
            select(func.count()).where(console_sessions.c.id_hash == token_hash(cookie))
        )
        assert alive.scalar_one() == 0
    assert (await _actions(engine, workspace))[-3:] == [
        "member.sign_in_failed",
        "member.signed_in",
        "member.signed_out",
    ]
    await member.http.aclose()


async def test_sign_in_rotates_the_session_id(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    member = await signed_in(app, engine, await tenants.workspace())
    first = member.http.cookies[SESSION_COOKIE]
    answer = await sign_in(member.http, member.email)
    assert answer.status_code == 303
    second = member.http.cookies[SESSION_COOKIE]
    assert second != first
    # The session the browser had before signing in again is over.
    async with browser(app) as other:
        other.cookies.set(SESSION_COOKIE, first, domain="pulse.test", path="/developers")
        assert (await other.get("/developers")).status_code == 303
    assert (await member.get("/developers")).status_code == 200
    await member.http.aclose()


async def test_ten_failures_lock_an_email_for_15_minutes_with_the_same_message(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = await tenants.workspace()
    member = await signed_in(app, engine, workspace)
    now = clock.utcnow()
    monkeypatch.setattr(clock, "utcnow", lambda: now)
    async with browser(app) as http:
        wrong = [await sign_in(http, member.email, f"wrong guess {n}") for n in range(10)]
        assert {refusal_of(answer) for answer in wrong} == {SIGN_IN_REFUSED}
        locked = await sign_in(http, member.email)  # the right password, locked out
        assert locked.status_code == wrong[0].status_code == 401
        assert refusal_of(locked) == refusal_of(wrong[0])
        assert SESSION_COOKIE not in http.cookies

        monkeypatch.setattr(clock, "utcnow", lambda: now + timedelta(minutes=14, seconds=59))
        assert refusal_of(await sign_in(http, member.email)) == SIGN_IN_REFUSED
        monkeypatch.setattr(clock, "utcnow", lambda: now + timedelta(minutes=15))
        assert (await sign_in(http, member.email)).status_code == 303
    actions = await _actions(engine, workspace)
    assert actions.count("member.sign_in_failed") == 10
    assert actions.count("member.sign_in_locked") == 2
    await member.http.aclose()


async def test_failures_spread_over_more_than_15_minutes_do_not_lock(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = await signed_in(app, engine, await tenants.workspace())
    start = clock.utcnow()
    async with browser(app) as http:
        for n in range(12):
            at = start + timedelta(minutes=2 * n)
            monkeypatch.setattr(clock, "utcnow", lambda at=at: at)
            await sign_in(http, member.email, "wrong")
        assert (await sign_in(http, member.email)).status_code == 303
    await member.http.aclose()


async def test_an_unknown_email_is_refused_like_a_wrong_password(app: FastAPI) -> None:
    async with browser(app) as http:
        answer = await sign_in(http, "nobody-here@example.com", PASSWORD)
        assert answer.status_code == 401
        assert refusal_of(answer) == SIGN_IN_REFUSED


@pytest.mark.parametrize(
    ("used_until", "then", "alive"),
    [
        (timedelta(0), timedelta(hours=11, minutes=59), True),
        (timedelta(0), timedelta(hours=12), False),
        # Used every 11 hours, so it never idles out: only the 7 days end it.
        (timedelta(days=7) - timedelta(minutes=2), timedelta(minutes=1), True),
        (timedelta(days=7) - timedelta(minutes=2), timedelta(minutes=2), False),
    ],
)
async def test_sessions_end_after_12_idle_hours_or_7_days(
    app: FastAPI,
    engine: AsyncEngine,
    tenants: Tenants,
    monkeypatch: pytest.MonkeyPatch,
    used_until: timedelta,
    then: timedelta,
    alive: bool,
) -> None:
    start = clock.utcnow()
    monkeypatch.setattr(clock, "utcnow", lambda: start)
    member = await signed_in(app, engine, await tenants.workspace())
    uses = [
        start + timedelta(hours=11) * n for n in range(1, used_until // timedelta(hours=11) + 1)
    ]
    for moment in [*uses, start + used_until]:
        monkeypatch.setattr(clock, "utcnow", lambda moment=moment: moment)
        assert (await member.get("/developers")).status_code == 200
    at = start + used_until + then
    monkeypatch.setattr(clock, "utcnow", lambda: at)
    answer = await member.get("/developers")
    assert answer.status_code == (200 if alive else 303)
    await member.http.aclose()


async def test_secure_cookies_under_https(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    for base_url, secure in (("https://pulse.test", True), ("http://pulse.test", False)):
        _, token = await invite(engine, await tenants.workspace())
        async with browser(app, base_url) as http:
            answer = await welcome(http, token)
        assert answer.status_code == 303
        cookies = [value for name, value in answer.headers.multi_items() if name == "set-cookie"]
        session = next(value for value in cookies if value.startswith(SESSION_COOKIE + "="))
        flags = {part.strip().lower() for part in session.split(";")}
        assert {"httponly", "samesite=lax", "path=/developers"} <= flags
        assert ("secure" in flags) is secure


async def test_a_removed_or_unknown_session_cookie_redirects(app: FastAPI) -> None:
    async with browser(app) as http:
        http.cookies.set(SESSION_COOKIE, "forged", domain="pulse.test", path="/developers")
        answer = await http.get("/developers/audit")
        assert answer.status_code == 303
        assert answer.headers["location"] == "/developers/sign-in"


async def test_odd_sign_in_input_is_refused_like_a_wrong_password(
    app: FastAPI, engine: AsyncEngine, tenants: Tenants
) -> None:
    member = await signed_in(app, engine, await tenants.workspace())
    async with browser(app) as http:
        for email, password in (
            ("not an address\x00", PASSWORD),
            ("x" * 5000, PASSWORD),
            (member.email, PASSWORD + "x" * 1000),  # longer than any password
        ):
            answer = await sign_in(http, email, password)
            assert answer.status_code == 401, answer.text
            assert refusal_of(answer) == SIGN_IN_REFUSED
    await member.http.aclose()
