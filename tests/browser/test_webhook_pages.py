"""The console's webhook loop in a real Chromium against a real `pulse serve`: create an
endpoint to a local receiver, see its secret once, send a test event, see the attempt,
replay it, and a second delivery arrives."""

import json

import pytest
from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.members.roles import Role
from tests.console.pages import deliver
from tests.support.api import Tenants
from tests.support.browser import screenshot
from tests.support.console import PASSWORD, invite
from tests.support.receiver import running_receiver

# The test runs the delivery engine, which serves every tenant: start with an empty queue.
pytestmark = pytest.mark.usefixtures("quiet_queue")


async def _welcome(page: Page, token: str) -> None:
    await page.goto(f"/developers/welcome/{token}")
    await page.get_by_label("New password").fill(PASSWORD)
    await page.get_by_label("The same password again").fill(PASSWORD)
    await page.get_by_role("button", name="Set password and sign in").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Developer console")


async def test_create_test_and_replay_an_endpoint(
    page: Page, engine: AsyncEngine, database_url: str, tenants: Tenants
) -> None:
    _, token = await invite(engine, await tenants.workspace(), Role.admin)
    await _welcome(page, token)
    with running_receiver() as receiver:
        await (
            page.get_by_role("navigation", name="Console")
            .get_by_role("link", name="Webhooks")
            .click()
        )
        await expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")
        await page.get_by_label("URL").fill(receiver.url)
        await page.get_by_label("Description (optional)").fill("Payroll sync")
        await page.get_by_label("all, now and to come").check()
        await screenshot(page, "console-webhooks")
        await page.get_by_role("button", name="Create endpoint").click()

        await expect(page.get_by_role("heading", level=1)).to_have_text("Endpoint created")
        secret = await page.get_by_label("Signing secret of").input_value()
        assert secret.startswith("whsec_")
        await expect(page.get_by_role("button", name="Copy")).to_be_visible()
        await page.get_by_role("link", name="Go to the endpoint").click()
        await expect(page.get_by_text(secret)).to_have_count(0)

        await page.get_by_role("button", name="Send a test event").click()
        await deliver(engine, database_url)
        assert len(receiver.received) == 1
        await page.reload()
        await expect(page.locator(".http-status")).to_have_text(["200"])
        await expect(page.locator(".latency")).to_have_count(1)
        await screenshot(page, "console-webhook")

        await page.get_by_role("button", name="Replay").click()
        await deliver(engine, database_url)
        assert len(receiver.received) == 2
        first, second = (json.loads(got.body) for got in receiver.received)
        assert first == second and first["type"] == "webhook_endpoint.test"
        await page.reload()
        await expect(page.locator(".http-status")).to_have_text(["200", "200"])

        await page.get_by_role("link", name=first["id"]).first.click()
        await expect(page.get_by_role("heading", level=1)).to_have_text(f"Event {first['id']}")
        await expect(page.locator(".payload")).to_contain_text('"url": "' + receiver.url)
        await screenshot(page, "console-event")
