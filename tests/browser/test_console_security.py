"""The console's guards in a real Chromium against the run's real server: the session
cookie's flags, a signed-out session that stays dead, the lock after ten failed
sign-ins, forms refused without their token or from a viewer, and another workspace's
pages not found."""

from playwright.async_api import Browser, Page, Response, expect

from tests.support.api import Tenants
from tests.support.browser import (
    PASSWORD,
    audited_actions,
    invite,
    new_context,
    open_section,
    screenshot,
    set_password_and_sign_in,
)
from tests.support.console import SESSION_COOKIE
from tests.support.servers import Server

WRONG_PASSWORD = "not the password at all"
REFUSED = "Wrong email or password."


async def _sign_in(page: Page, email: str, password: str) -> None:
    await page.goto("/developers/sign-in")
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_load_state()


async def _forge_post(page: Page, action: str, fields: dict[str, str]) -> Response:
    """Post a form the page does not offer, as a hand-made form in the member's own
    browser would: with the session's cookie, and the fields given (a CSRF token read
    off the page, or none). The answer to the post."""
    async with page.expect_navigation() as navigation:
        await page.evaluate(
            """([action, fields]) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = action;
                for (const [name, value] of Object.entries(fields)) {
                    const input = document.createElement("input");
                    input.type = "hidden";
                    input.name = name;
                    input.value = value;
                    form.append(input);
                }
                document.body.append(form);
                form.submit();
            }""",
            [action, fields],
        )
    answer = await navigation.value
    assert answer is not None
    return answer


async def test_the_cookie_is_guarded_and_a_signed_out_session_is_dead(
    page: Page, browser: Browser, server: Server, database_url: str, tenants: Tenants
) -> None:
    workspace = await tenants.workspace("Cookie Co")
    link = await invite(database_url, server.base_url, workspace, "crumb@cookie.example", "admin")
    await set_password_and_sign_in(page, link)

    (cookie,) = [c for c in await page.context.cookies() if c["name"] == SESSION_COOKIE]
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert cookie["path"] == "/developers"
    # Plain http on loopback: not Secure (under https it is; see tests/console).
    assert cookie["secure"] is False
    assert await page.evaluate("() => document.cookie") == ""

    await page.get_by_role("button", name="Sign out").click()
    await expect(page).to_have_url(f"{server.base_url}/developers/sign-in")

    # The old cookie, played back from another browser, opens nothing.
    replay = await new_context(browser, server.base_url)
    try:
        await replay.add_cookies([cookie])
        stolen = await replay.new_page()
        await stolen.goto("/developers/keys")
        await expect(stolen).to_have_url(f"{server.base_url}/developers/sign-in")
    finally:
        await replay.close()

    await _sign_in(page, "crumb@cookie.example", PASSWORD)
    assert {"member.signed_in", "member.signed_out"} <= await audited_actions(page)


async def test_ten_failures_lock_the_email_with_the_same_message(
    page: Page, browser: Browser, server: Server, database_url: str, tenants: Tenants
) -> None:
    workspace = await tenants.workspace("Lock Co")
    link = await invite(database_url, server.base_url, workspace, "lock@lock.example", "owner")
    await set_password_and_sign_in(page, link)
    await page.get_by_role("button", name="Sign out").click()

    for _ in range(10):
        await _sign_in(page, "lock@lock.example", WRONG_PASSWORD)
        await expect(page.get_by_role("alert")).to_have_text(REFUSED)
    # Locked: the right password gets the very same answer, and no session.
    await _sign_in(page, "lock@lock.example", PASSWORD)
    await expect(page.get_by_role("alert")).to_have_text(REFUSED)
    await expect(page).to_have_url(f"{server.base_url}/developers/sign-in")
    await screenshot(page, "console-sign-in-refused")

    # Another owner of the workspace reads what happened in the audit log.
    other = await invite(database_url, server.base_url, workspace, "watch@lock.example", "owner")
    context = await new_context(browser, server.base_url)
    try:
        watcher = await context.new_page()
        await set_password_and_sign_in(watcher, other)
        actions = await audited_actions(watcher)
        assert {"member.sign_in_failed", "member.sign_in_locked", "member.signed_out"} <= actions
    finally:
        await context.close()


async def test_forms_without_a_token_and_a_viewers_forms_are_refused(
    page: Page, browser: Browser, server: Server, database_url: str, tenants: Tenants
) -> None:
    workspace = await tenants.workspace("Forge Co")
    base = server.base_url
    owner_link = await invite(database_url, base, workspace, "o@forge.example", "owner")
    viewer_link = await invite(database_url, base, workspace, "v@forge.example", "viewer")
    await set_password_and_sign_in(page, owner_link)

    # An owner's form without its token: 403, nothing minted.
    await open_section(page, "API keys")
    refused = await _forge_post(page, "/developers/keys", {"name": "no token", "scope:*": "on"})
    assert refused.status == 403
    await expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    await screenshot(page, "console-forbidden")
    await page.goto("/developers/keys")
    await expect(page.get_by_text("no token")).to_have_count(0)

    context = await new_context(browser, server.base_url)
    try:
        viewer = await context.new_page()
        await set_password_and_sign_in(viewer, viewer_link)
        # The viewer's own session token, read off the one form a viewer has (sign-out).
        token = await viewer.locator("input[name=csrf_token]").first.input_value()
        for action, fields in (
            ("/developers/keys", {"name": "forged", "scope:*": "on"}),
            ("/developers/webhooks", {"url": "https://example.com/hook", "event:*": "on"}),
            ("/developers/settings", {"kudos_monthly_allowance": "1"}),
            ("/developers/members", {"email": "x@forge.example", "role": "owner"}),
        ):
            answer = await _forge_post(viewer, action, {"csrf_token": token, **fields})
            assert answer.status == 403, action
    finally:
        await context.close()

    await page.goto("/developers/keys")
    await expect(page.get_by_text("forged")).to_have_count(0)
    await open_section(page, "Members")
    await expect(page.get_by_text("x@forge.example")).to_have_count(0)
    await open_section(page, "Settings")
    await expect(page.get_by_label("Kudos allowance")).to_have_value("100")


async def test_another_workspaces_pages_are_not_found(
    page: Page, server: Server, database_url: str, tenants: Tenants
) -> None:
    theirs = await tenants.key(await tenants.workspace("Theirs"))
    await theirs.create_employee(full_name="Someone Else")
    made = await theirs.post(
        "/v1/webhook-endpoints", json={"url": "https://example.com/theirs", "events": ["*"]}
    )
    assert made.status_code == 201, made.text
    endpoint = made.json()["id"]
    event = (await theirs.get("/v1/events")).json()["data"][0]["id"]

    mine = await tenants.workspace("Mine")
    await set_password_and_sign_in(
        page, await invite(database_url, server.base_url, mine, "me@mine.example", "owner")
    )
    for path in (
        f"/developers/webhooks/{endpoint}",
        f"/developers/webhooks/{endpoint}/delete",
        f"/developers/events/{event}",
    ):
        answer = await page.goto(path)
        assert answer is not None and answer.status == 404, path
        await expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
        await expect(page.get_by_text("example.com/theirs")).to_have_count(0)
    await screenshot(page, "console-not-found")
