"""`/ecosystem` in a real Chromium, served by a real `pulse serve`."""

from playwright.async_api import Page, expect

from pulse.events.catalogue import CATALOGUE
from tests.support.browser import horizontal_overflow, screenshot

SECTIONS = ("Event catalogue", "Delivery", "Signatures", "Retries and replays", "SDKs")


async def test_the_page_shows_the_catalogue_and_opens_a_payload(page: Page) -> None:
    response = await page.goto("/ecosystem")
    assert response is not None and response.status == 200
    await expect(page).to_have_title("Pulse HR — Events, webhooks and SDKs")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Pulse HR ecosystem")
    for section in SECTIONS:
        await expect(page.get_by_role("heading", level=2, name=section)).to_be_visible()
    catalogue = page.locator("#catalogue > table > tbody > tr")
    await expect(catalogue).to_have_count(len(CATALOGUE))
    for event_type in CATALOGUE:
        await expect(page.locator(f'tr[id="{event_type.type}"]')).to_be_visible()

    # A payload's fields are folded away until its summary is clicked.
    created = page.locator('tr[id="employee.created"]')
    fields = created.locator("details table")
    await expect(fields).to_be_hidden()
    await created.locator("summary").click()
    await expect(fields).to_be_visible()
    await expect(fields.get_by_role("cell", name="email", exact=True)).to_be_visible()
    await screenshot(page, "ecosystem")


async def test_the_page_sends_its_policy_and_breaks_none_of_it(
    page: Page, page_errors: list[str]
) -> None:
    response = await page.goto("/ecosystem")
    assert response is not None
    policy = await response.header_value("content-security-policy")
    assert policy is not None
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page_errors == []

    # The browser enforces that policy, and the harness hears a page that breaks it.
    async with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        await page.evaluate(
            """() => {
                const image = document.createElement("img");
                image.src = "http://127.0.0.1:9/pixel.png";
                document.body.append(image);
            }"""
        )
    assert page_errors
    assert all("Content Security Policy" in error for error in page_errors), page_errors
    page_errors.clear()


async def test_keyboard_focus_is_visible(page: Page) -> None:
    await page.goto("/ecosystem")
    await page.keyboard.press("Tab")
    focused = page.locator(":focus")
    await expect(focused).to_have_text("Event catalogue")
    outline = await focused.evaluate(
        "element => { const s = getComputedStyle(element);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] > 0, outline
    await screenshot(page, "ecosystem-focus")


async def test_the_page_fits_a_phone(phone: Page) -> None:
    await phone.goto("/ecosystem")
    await expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert await horizontal_overflow(phone) == 0
    await screenshot(phone, "ecosystem-phone")
    # Every payload unfolded, the page still fits.
    await phone.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    await expect(phone.locator('tr[id="employee.created"] details table')).to_be_visible()
    assert await horizontal_overflow(phone) == 0
