"""Under the Content-Security-Policy, real Chromium refuses nothing the pages themselves need."""

from __future__ import annotations

from datetime import date

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in, tap_pain
from tests.browser.test_clinic_flow import sign_in_with_totp
from tests.factories import make_checkin, make_run, make_superuser


def refusals(page: Page) -> list[str]:
    found: list[str] = []

    def note(message) -> None:
        if "Content Security Policy" in message.text:
            found.append(f"{page.url}: {message.text}")

    page.on("console", note)
    return found


@pytest.mark.browser
def test_the_runners_pages_work_under_the_policy(page: Page, app_url: str, runner):
    make_checkin(runner, day=date(2026, 11, 19), pain_now=3)
    make_run(runner, day=date(2026, 11, 19), distance_m=8000, pain_during=2)
    refused = refusals(page)
    sign_in(page, app_url, runner.email)
    for path in ("/today/", "/log/", "/history/", "/shoes/", "/more/", "/settings/", "/conditions/"):
        page.goto(f"{app_url}{path}")
    # htmx still runs: a check-in saved in place, without a page load.
    page.goto(f"{app_url}/today/")
    page.evaluate("window.__sameDocument = true")
    form = page.locator("#checkin-form")
    tap_pain(form, "Pain now (0–10)", 2)
    form.get_by_role("radio", name="Right").check()
    form.get_by_role("button", name="Save check-in").click()
    expect(page.locator("#checkin-form").get_by_role("status")).to_have_text("Check-in saved.")
    assert page.evaluate("window.__sameDocument") is True
    assert refused == []


@pytest.mark.browser
def test_the_api_docs_and_the_admin_work_under_the_policy(page: Page, app_url: str):
    secret = generate_totp_secret()
    make_superuser("admin@example.com", totp_secret=secret)
    refused = refusals(page)
    page.goto(f"{app_url}/api/docs/")
    # Generating the schema takes a few seconds on a busy machine.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Footnote API", timeout=30_000)
    sign_in_with_totp(page, app_url, "admin@example.com", secret, next_path="/admin/")
    page.goto(f"{app_url}/admin/injuries/condition/add/")
    expect(page.locator("#id_name")).to_be_visible()
    assert refused == []
