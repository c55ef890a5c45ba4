"""Fixtures of the browser tests: one headless Chromium for the run, driving the run's
real `pulse serve` (`server`, from tests/conftest.py), and a fresh page for each test.

Every page a test opens is watched: a console error (a Content-Security-Policy violation
among them) or an uncaught exception fails the test.
"""

import os
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, Page, async_playwright

from tests.support.browser import chromium_path, launch_chromium, new_context, watch_errors
from tests.support.environment import REQUIRE_SERVICES
from tests.support.servers import Server


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    executable = chromium_path()
    if executable is None:
        message = (
            "no Chromium for the browser tests: run scripts/install-chromium "
            "(Debian's chromium) or set PULSE_TEST_CHROMIUM to a Chromium binary"
        )
        if REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)
    if not os.access(executable, os.X_OK):
        pytest.fail(f"PULSE_TEST_CHROMIUM={executable} is not an executable file")
    async with async_playwright() as playwright:
        running = await launch_chromium(playwright, executable)
        yield running
        await running.close()


@pytest.fixture
def page_errors() -> list[str]:
    """What went wrong in the test's pages so far (the `page` fixtures fill it)."""
    return []


@pytest.fixture
async def page(browser: Browser, server: Server, page_errors: list[str]) -> AsyncIterator[Page]:
    """A page in a fresh desktop-sized context on the run's server (`page.goto("/ecosystem")`):
    no cookies, no session."""
    context = await new_context(browser, server.base_url)
    opened = await context.new_page()
    watch_errors(opened, page_errors)
    yield opened
    await context.close()
    assert page_errors == []


@pytest.fixture
async def phone(browser: Browser, server: Server, page_errors: list[str]) -> AsyncIterator[Page]:
    """Like `page`, on a phone's screen (375 CSS pixels wide)."""
    context = await new_context(browser, server.base_url, phone=True)
    opened = await context.new_page()
    watch_errors(opened, page_errors)
    yield opened
    await context.close()
    assert page_errors == []
