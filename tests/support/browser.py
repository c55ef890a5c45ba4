"""A real Chromium for the browser tests: Debian's `chromium`, driven by Playwright.

Playwright never downloads a browser here: it launches the binary that
`scripts/install-chromium` installs (or the one PULSE_TEST_CHROMIUM names).
"""

import os
import shutil
from pathlib import Path

from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Response,
)

from tests.support.cli import run_pulse
from tests.support.environment import DATABASE, ROOT

# Where the tests leave a picture of every page they visit; CI keeps the folder.
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots" / DATABASE

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}


def chromium_path() -> str | None:
    """The Chromium binary to drive: PULSE_TEST_CHROMIUM, else `chromium` on PATH."""
    return os.environ.get("PULSE_TEST_CHROMIUM") or shutil.which("chromium")


async def launch_chromium(playwright: Playwright, executable: str) -> Browser:
    # Chromium refuses to start as root with its sandbox on; the tests run as root in CI
    # and load only this project's own pages from loopback, so there it goes without.
    return await playwright.chromium.launch(
        executable_path=executable, headless=True, chromium_sandbox=os.geteuid() != 0
    )


async def new_context(browser: Browser, base_url: str, *, phone: bool = False) -> BrowserContext:
    """A fresh context (no cookies, no storage) whose relative URLs go to `base_url`:
    a desktop window, or a phone's screen."""
    if phone:
        return await browser.new_context(
            base_url=base_url, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
        )
    return await browser.new_context(base_url=base_url, viewport=DESKTOP)


def watch_errors(page: Page, errors: list[str]) -> None:
    """Collect what the page reports as wrong: console errors (CSP violations among
    them) and uncaught exceptions.

    A page answered with an error status (a 403 or 404 a test provokes and asserts) is
    the test's business: Chromium's console line about that document is not collected.
    A stylesheet, script or icon that fails to load still is."""
    refused_documents: set[str] = set()

    def on_response(response: Response) -> None:
        if response.request.resource_type == "document" and response.status >= 400:
            refused_documents.add(response.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if message.text.startswith("Failed to load resource") and (
            message.location.get("url") in refused_documents
        ):
            return
        errors.append(f"console error at {page.url}: {message.text}")

    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught at {page.url}: {error}"))


async def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG as test-artifacts/screenshots/<database>/<name>.png."""
    path = SCREENSHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=path, full_page=True)
    return path


async def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the screen it was given (0 when it fits).

    Measured against the viewport the context set, not the page's own idea of its width:
    a page without a `viewport` meta tag lays itself out 980 pixels wide on a phone.
    """
    assert page.viewport_size is not None
    width: int = await page.evaluate("() => document.scrollingElement.scrollWidth")
    return max(0, width - page.viewport_size["width"])


PASSWORD = "correct horse battery staple"


async def invite(database_url: str, base_url: str, workspace: str, email: str, role: str) -> str:
    """The one-time link `pulse members create` prints for a new member of `workspace`."""
    run = await run_pulse(
        database_url,
        *("members", "create", "--workspace", workspace, "--email", email, "--role", role),
        *("--base-url", base_url, "--json"),
    )
    link: str = run.json()["sign_in_url"]
    return link


async def set_password_and_sign_in(page: Page, link: str, password: str = PASSWORD) -> None:
    """Follow an invitation link in the browser: set the password, which signs in."""
    await page.goto(link)
    await page.get_by_label("New password").fill(password)
    await page.get_by_label("The same password again").fill(password)
    await page.get_by_role("button", name="Set password and sign in").click()
    await page.wait_for_url("**/developers")


async def open_section(page: Page, name: str) -> None:
    """Follow the console's navigation to one of its sections ("API keys", "Members"…)."""
    await page.get_by_role("navigation", name="Console").get_by_role("link", name=name).click()
    await page.wait_for_load_state()


async def audited_actions(page: Page) -> set[str]:
    """The actions the signed-in member's audit log shows on its first page."""
    await open_section(page, "Audit log")
    cells = page.locator("table tbody tr td:nth-child(3)")
    return {text.strip() for text in await cells.all_inner_texts()}
