"""Settings and members in a real Chromium against the run's real server: an owner
changes the workspace's settings, invites a viewer from the console, and the viewer's
browser follows every change of role until the owner removes them."""

from playwright.async_api import Browser, Page, expect

from tests.support.api import Tenants
from tests.support.browser import (
    audited_actions,
    horizontal_overflow,
    invite,
    new_context,
    open_section,
    screenshot,
    set_password_and_sign_in,
)
from tests.support.servers import Server

# What a viewer must not find on any page: a button that changes something.
CHANGING_BUTTONS = {
    "API keys": "Mint test key",
    "Webhooks": "Create endpoint",
    "Settings": "Save settings",
    "Members": "Invite",
}


async def _assert_read_only(page: Page) -> None:
    for section, button in CHANGING_BUTTONS.items():
        await open_section(page, section)
        await expect(page.get_by_role("heading", level=1)).to_be_visible()
        await expect(page.get_by_role("button", name=button)).to_have_count(0)
        # The only form a viewer has changes nothing: the environment toggle and sign-out.
        actions = await page.locator("main form[method=post]").count()
        assert actions == 0, f"{section} shows a viewer {actions} form(s)"


async def test_settings_and_members_from_invitation_to_removal(
    page: Page, browser: Browser, server: Server, database_url: str, tenants: Tenants
) -> None:
    workspace = await tenants.workspace("Team Co")
    owner_link = await invite(database_url, server.base_url, workspace, "own@team.example", "owner")
    await set_password_and_sign_in(page, owner_link)

    await open_section(page, "Settings")
    await page.get_by_label("Kudos allowance").fill("150")
    await page.get_by_label("Rate limit").fill("500")
    await page.get_by_role("spinbutton", name="vacation").fill("25.5")
    await page.get_by_role("spinbutton", name="recognition").fill("2")
    await page.get_by_label("Approval").select_option("manager")
    await page.get_by_role("checkbox", name="sick").check()
    await screenshot(page, "console-settings")
    async with page.expect_navigation() as saved:
        await page.get_by_role("button", name="Save settings").click()
    # Saved: the form posts and is sent back to the page (303), which shows the values.
    answer = await saved.value
    assert answer is not None and answer.request.method == "GET"
    await expect(page.get_by_label("Kudos allowance")).to_have_value("150")
    await expect(page.get_by_label("Rate limit")).to_have_value("500")
    await expect(page.get_by_role("spinbutton", name="vacation")).to_have_value("25.5")
    await expect(page.get_by_label("Approval")).to_have_value("manager")
    await expect(page.get_by_role("checkbox", name="sick")).to_be_checked()
    await expect(page.get_by_role("checkbox", name="vacation")).not_to_be_checked()
    await expect(page.get_by_role("spinbutton", name="recognition")).to_have_value("2")

    await open_section(page, "Members")
    await page.get_by_label("Email").fill("view@team.example")
    await page.get_by_label("Name (optional)").fill("Vera Viewer")
    await page.get_by_label("Role", exact=True).select_option("viewer")
    await screenshot(page, "console-members")
    await page.get_by_role("button", name="Invite").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("view@team.example is invited")
    viewer_link = await page.get_by_label("One-time sign-in link").input_value()
    await expect(page.get_by_role("button", name="Copy")).to_be_visible()
    await screenshot(page, "console-member-invited")

    context = await new_context(browser, server.base_url)
    try:
        viewer = await context.new_page()
        await set_password_and_sign_in(viewer, viewer_link)
        await expect(viewer.get_by_text("view@team.example", exact=True)).to_be_visible()
        await _assert_read_only(viewer)
        await open_section(viewer, "Settings")
        # Read, not edited: the leave policy's table shows the owner's change.
        await expect(viewer.get_by_role("row", name="vacation 25.5")).to_be_visible()
        await screenshot(viewer, "console-settings-viewer")

        # The owner makes the viewer an admin: the viewer's next page has the forms.
        await open_section(page, "Members")
        await page.get_by_label("Role of view@team.example").select_option("admin")
        row = page.get_by_role("row").filter(has_text="view@team.example")
        await row.get_by_role("button", name="Change role").click()
        await expect(page.get_by_label("Role of view@team.example")).to_have_value("admin")
        await open_section(viewer, "API keys")
        await expect(viewer.get_by_role("button", name="Mint test key")).to_be_visible()
        # An admin manages keys and webhooks, not members.
        await open_section(viewer, "Members")
        await expect(viewer.get_by_role("button", name="Invite")).to_have_count(0)

        # Removed: the former member's very next page is the sign-in page.
        await open_section(page, "Members")
        await (
            page.get_by_role("row")
            .filter(has_text="view@team.example")
            .get_by_role("link", name="Remove…")
            .click()
        )
        await page.get_by_label("I understand").check()
        await screenshot(page, "console-member-remove")
        await page.get_by_role("button", name="Remove the member").click()
        await expect(page.get_by_text("view@team.example")).to_have_count(0)
        await viewer.reload()
        await expect(viewer).to_have_url(f"{server.base_url}/developers/sign-in")
    finally:
        await context.close()

    assert {
        "member.invited",
        "member.password_set",
        "member.signed_in",
        "workspace.settings_changed",
        "member.role_changed",
        "member.removed",
    } <= await audited_actions(page)
    await screenshot(page, "console-audit-team")


async def test_every_section_fits_a_phone(
    phone: Page, server: Server, database_url: str, tenants: Tenants
) -> None:
    workspace = await tenants.workspace("Phone Co")
    link = await invite(database_url, server.base_url, workspace, "pocket@phone.example", "owner")
    await set_password_and_sign_in(phone, link)
    for section in ("Home", "API keys", "Webhooks", "Events", "Settings", "Members", "Audit log"):
        await phone.goto(
            await phone.get_by_role("navigation", name="Console")
            .get_by_role("link", name=section)
            .get_attribute("href")
            or "/developers"
        )
        await expect(phone.get_by_role("heading", level=1)).to_be_visible()
        # Wide tables scroll inside their own box; the page itself never does sideways.
        assert await horizontal_overflow(phone) == 0, section
    await screenshot(phone, "console-audit-phone")
