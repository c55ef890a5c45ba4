"""The console's keys in a real Chromium against the run's real server: an owner invited
from the CLI sets a password, mints a key, calls the API with it and revokes it."""

import httpx
from playwright.async_api import Page, expect

from tests.support.api import Tenants
from tests.support.browser import invite, screenshot, set_password_and_sign_in
from tests.support.servers import Server


async def test_invite_sign_in_mint_call_revoke(
    page: Page, server: Server, database_url: str, tenants: Tenants
) -> None:
    workspace = await tenants.workspace("Browser Co")
    link = await invite(database_url, server.base_url, workspace, "owner@browser.example", "owner")

    await page.goto(link)
    await screenshot(page, "console-welcome")
    await set_password_and_sign_in(page, link)
    await expect(page.get_by_text("owner@browser.example", exact=True)).to_be_visible()
    await screenshot(page, "console-home")

    await (
        page.get_by_role("navigation", name="Console").get_by_role("link", name="API keys").click()
    )
    await expect(page.get_by_role("heading", level=1)).to_have_text("API keys")
    await page.get_by_label("Name").fill("browser key")
    await page.get_by_label("read employees", exact=True).check()
    await screenshot(page, "console-keys")
    await page.get_by_role("button", name="Mint test key").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Key minted")
    secret = await page.get_by_label("Secret of browser key").input_value()
    assert secret.startswith("pk_test_")
    await expect(page.get_by_role("button", name="Copy")).to_be_visible()
    await screenshot(page, "console-key-minted")

    async with httpx.AsyncClient(base_url=server.base_url) as api:
        headers = {"Authorization": f"Bearer {secret}"}
        assert (await api.get("/v1/employees", headers=headers)).status_code == 200
        # Only the ticked scope: writing is refused.
        written = await api.post("/v1/employees", headers=headers, json={})
        assert written.status_code == 403

        await (
            page.get_by_role("navigation", name="Console")
            .get_by_role("link", name="API keys")
            .click()
        )
        row = page.get_by_role("row").filter(has_text="browser key")
        await expect(row).to_be_visible()
        await expect(page.get_by_text(secret)).to_have_count(0)
        await row.get_by_role("link", name="Revoke").click()
        await page.get_by_label("I understand").check()
        await screenshot(page, "console-key-revoke")
        await page.get_by_role("button", name="Revoke the key").click()
        # Revoked: the row stays, without a way to revoke it again.
        await expect(row.get_by_role("link", name="Revoke")).to_have_count(0)
        # The very next request with the key is refused.
        assert (await api.get("/v1/employees", headers=headers)).status_code == 401

    await (
        page.get_by_role("navigation", name="Console").get_by_role("link", name="Audit log").click()
    )
    await expect(page.get_by_role("cell", name="key.created")).to_be_visible()
    await expect(page.get_by_role("cell", name="key.revoked")).to_be_visible()
    await screenshot(page, "console-audit")
