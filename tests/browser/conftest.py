from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from tests.browser.chromium import CHROMIUM_ARGS, DEBIAN_CHROMIUM
from tests.factories import PASSWORD

# Screenshots the browser tests leave for a person to look at (git-ignored); FOOTNOTE_SHOTS moves them.
SHOTS = Path(os.environ.get("FOOTNOTE_SHOTS", Path(__file__).resolve().parents[2] / "var" / "shots"))


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


def eventually(check, *, timeout: float = 15.0):
    """Poll a check against the database until it holds. The browser's queue empties once the server
    answered; the test's own connection may see the new row a moment later."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.1)


def wait_in_page(page: Page, expression: str, *, timeout: float = 15.0) -> None:
    """Wait until a JavaScript expression (or the promise it gives) is truthy in the page.

    Playwright's wait_for_function evaluates a string expression with eval() on every poll after the
    first, which the app's Content Security Policy (no 'unsafe-eval') refuses; page.evaluate is not
    subject to it. A navigation during a poll is waited out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(expression):
                return
        except PlaywrightError as error:
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout:.0f} s in the page: {expression}")
        page.wait_for_timeout(100)


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


def tap_pain(scope: Locator | Page, question: str, value: int | str) -> None:
    """Answer a 0–10 pain question by tapping its number: the scale is a group of eleven radio
    buttons named by the question, each named by its number (0, 5 and 10 with the scale's words)."""
    page = scope if isinstance(scope, Page) else scope.page
    # A save's answer sets off more requests (the dashboard, today so far); a swap landing between
    # finding the button and tapping it would undo the tap. Let them finish first.
    htmx_idle(page)
    group = scope.get_by_role("group", name=question)
    group.get_by_role("radio", name=re.compile(rf"^{value}\b")).check()


def htmx_idle(page: Page) -> None:
    """Wait until no htmx request is in flight or swapping in the page."""
    wait_in_page(page, "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def open_disclosure(scope: Locator | Page, summary: str) -> None:
    """Open the <details> whose summary says `summary` (where the less common questions wait)."""
    toggle = scope.locator("summary", has_text=summary).first
    if not toggle.evaluate("summary => summary.parentElement.open"):
        toggle.click()
    expect(toggle.locator("xpath=..")).to_have_attribute("open", "")
