from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from journal.models import Run
from tests.browser.conftest import sign_in


@pytest.mark.browser
def test_the_run_form_works_without_javascript(browser: Browser, browser_context_args, app_url: str, runner):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, app_url, runner.email)

        run = page.locator("#run-form")
        distance = run.get_by_label("Distance (km)")
        distance.fill("0")
        run.get_by_label("Time", exact=True).fill("45:00")
        run.get_by_role("button", name="Save run").click()
        # Chromium's own constraint check (min="0.01") refuses the form before it leaves the page.
        expect(page).to_have_url(f"{app_url}/today/")
        assert distance.evaluate("e => e.validity.rangeUnderflow") is True

        # A browser that skips constraint validation reaches the server, which says it beside the field.
        run.evaluate("form => { form.noValidate = true; }")
        run.get_by_role("button", name="Save run").click()
        expect(page).to_have_url(f"{app_url}/entries/run/new/")
        distance_field = page.locator("#run-form .field").filter(has=page.get_by_label("Distance (km)"))
        expect(distance_field.locator(".error")).to_have_text("Distance must be more than zero.")
        assert Run.objects.filter(owner=runner).count() == 0

        run = page.locator("#run-form")
        run.get_by_label("Distance (km)").fill("8")
        run.get_by_label("Time", exact=True).fill("45:00")
        run.get_by_role("button", name="Save run").click()
        expect(page).to_have_url(f"{app_url}/today/")
        expect(page.locator(".messages")).to_have_text("Run saved.")
        assert Run.objects.filter(owner=runner).count() == 1
    finally:
        context.close()
