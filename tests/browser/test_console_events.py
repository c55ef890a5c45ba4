"""The event log and an endpoint's whole life in a real Chromium against the run's real
server: filter the log, replay an event to one endpoint, edit, disable, enable, roll and
delete an endpoint, and switch between test and live."""

import json
from datetime import date, timedelta

import pytest
from playwright.async_api import Locator, Page, expect
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.console.pages import deliver
from tests.support.api import Tenants
from tests.support.browser import (
    audited_actions,
    invite,
    open_section,
    screenshot,
    set_password_and_sign_in,
)
from tests.support.receiver import running_receiver
from tests.support.servers import Server

# The test runs the delivery engine, which serves every tenant: start with an empty queue.
pytestmark = pytest.mark.usefixtures("quiet_queue")


async def _create_endpoint(page: Page, url: str, event_type: str) -> str:
    """An endpoint made through the console's form; its id, read off its page's address."""
    await open_section(page, "Webhooks")
    await page.get_by_label("URL").fill(url)
    await page.get_by_label(event_type, exact=True).check()
    await page.get_by_role("button", name="Create endpoint").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Endpoint created")
    await page.get_by_role("link", name="Go to the endpoint").click()
    return page.url.rsplit("/", 1)[-1]


def _link_to(page: Page, endpoint_id: str) -> Locator:
    """The webhook list's link to one endpoint (named by its URL)."""
    return page.locator(f'table a[href="/developers/webhooks/{endpoint_id}"]')


async def _rows(page: Page) -> list[str]:
    """The event ids the log's table lists."""
    return await page.locator("table tbody tr td:first-child").all_inner_texts()


async def test_the_event_log_and_an_endpoints_life(
    page: Page, engine: AsyncEngine, server: Server, database_url: str, tenants: Tenants
) -> None:
    workspace = await tenants.workspace("Events Co")
    api = await tenants.key(workspace)
    link = await invite(database_url, server.base_url, workspace, "ops@events.example", "admin")
    await set_password_and_sign_in(page, link)

    with running_receiver() as first, running_receiver() as second:
        kept = await _create_endpoint(page, first.url, "employee.created")
        changed = await _create_endpoint(page, second.url, "employee.created")
        await api.create_employee(full_name="Evelyn Events")
        await api.create_employee(full_name="Tom Other")
        await deliver(engine, database_url)
        assert (len(first.received), len(second.received)) == (2, 2)

        await open_section(page, "Events")
        await expect(page.locator("table tbody tr")).to_have_count(2)
        await page.get_by_label("Type").select_option("employee.created")
        await page.get_by_label("failed deliveries only").check()
        await page.get_by_role("button", name="Filter").click()
        await expect(page.locator("table tbody tr")).to_have_count(0)
        await page.get_by_label("failed deliveries only").uncheck()
        yesterday = (date.today() - timedelta(days=1)).isoformat()
        await page.get_by_label("To").fill(yesterday)
        await page.get_by_role("button", name="Filter").click()
        await expect(page.locator("table tbody tr")).to_have_count(0)
        await page.get_by_label("To").fill("")
        await page.get_by_label("From").fill(yesterday)
        await page.get_by_role("button", name="Filter").click()
        listed = await _rows(page)
        assert len(listed) == 2
        await screenshot(page, "console-events")

        # Replayed to one endpoint: only its receiver hears the event again.
        await page.get_by_role("link", name=listed[0]).click()
        await expect(page.locator(".payload")).to_contain_text('"full_name": "')
        await page.get_by_label("To", exact=True).select_option(kept)
        await page.get_by_role("button", name="Replay").click()
        await deliver(engine, database_url)
        assert (len(first.received), len(second.received)) == (3, 2)
        replayed = json.loads(first.received[2].body)
        assert replayed["id"] == listed[0]
        assert replayed in [json.loads(got.body) for got in first.received[:2]]

    await page.goto(f"/developers/webhooks/{changed}")
    await page.get_by_label("Description (optional)").fill("Payroll, renamed")
    await page.get_by_label("all, now and to come").check()
    await page.get_by_role("button", name="Save").click()
    # "all" beside a named type is refused, and the form keeps what was typed.
    await expect(page.get_by_text("must stand alone")).to_be_visible()
    await expect(page.get_by_label("Description (optional)")).to_have_value("Payroll, renamed")
    await page.get_by_label("employee.created", exact=True).uncheck()
    await page.get_by_role("button", name="Save").click()
    await expect(page.locator(".facts")).to_contain_text("Payroll, renamed")
    await expect(page.locator(".facts")).to_contain_text("*")

    await page.get_by_role("button", name="Disable").click()
    await expect(page.locator(".facts")).to_contain_text("disabled")
    await expect(page.get_by_role("button", name="Send a test event")).to_be_disabled()
    await page.get_by_role("button", name="Enable").click()
    await expect(page.get_by_role("button", name="Send a test event")).to_be_enabled()

    secrets = []
    await page.get_by_role("button", name="Roll the secret").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Secret rolled")
    secrets.append(await page.get_by_label("Signing secret of").input_value())
    await page.get_by_role("link", name="Go to the endpoint").click()
    await page.get_by_role("button", name="Roll the secret").click()
    secrets.append(await page.get_by_label("Signing secret of").input_value())
    assert secrets[0].startswith("whsec_") and secrets[0] != secrets[1]
    await page.get_by_role("link", name="Go to the endpoint").click()

    await page.get_by_role("link", name="Delete…").click()
    await screenshot(page, "console-webhook-delete")
    await page.get_by_role("button", name="Delete the endpoint").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")
    await expect(_link_to(page, changed)).to_have_count(0)
    await expect(_link_to(page, kept)).to_have_count(1)

    # The toggle is on every page; live holds none of test's endpoints.
    await page.get_by_role("button", name="live").click()
    await expect(page.get_by_role("button", name="live")).to_have_attribute("aria-pressed", "true")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")
    await expect(_link_to(page, kept)).to_have_count(0)
    await page.get_by_role("button", name="test").click()
    await expect(_link_to(page, kept)).to_have_count(1)

    assert {
        "webhook_endpoint.created",
        "event.replayed",
        "webhook_endpoint.updated",
        "webhook_endpoint.disabled",
        "webhook_endpoint.enabled",
        "webhook_endpoint.secret_rolled",
        "webhook_endpoint.deleted",
    } <= await audited_actions(page)
