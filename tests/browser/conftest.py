from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")

# Without the networking flags Chromium keeps trying to reach the outside and is refused (TESTING.md).
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright's own Chromium download fails on these machines; Debian's works. Elsewhere the test
    # command installs Playwright's build instead, so fall back to it rather than skipping.
    if DEBIAN_CHROMIUM.exists():
        return {**browser_type_launch_args, "executable_path": str(DEBIAN_CHROMIUM), "args": CHROMIUM_ARGS}
    return {**browser_type_launch_args, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 360, "height": 740},
        "locale": "en-GB",
        "timezone_id": "Europe/London",
    }


@pytest.fixture
def app_url(live_server) -> str:
    return live_server.url


def sign_in(page: Page, app_url: str, email: str) -> None:
    page.goto(f"{app_url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{app_url}/today/")


@pytest.fixture
def signed_in_page(page: Page, live_server, runner) -> Page:
    sign_in(page, live_server.url, runner.email)
    return page
