from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import Page, expect

from journal.models import Checkin, Run
from tests.browser.conftest import tap_pain
from tests.factories import PASSWORD

EMAIL = "new.runner@example.com"


@pytest.mark.browser
def test_a_new_runner_signs_up_adds_a_shoe_and_logs_a_day(page: Page, app_url: str):
    page.goto(f"{app_url}/accounts/signup/")
    page.get_by_label("Email").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_label("Your name").fill("Nina New")
    page.get_by_role("radio", name="Runner").check()
    # The server reads the en-GB Accept-Language; app.js turns the select's UTC into the browser's zone.
    expect(page.get_by_role("radio", name="Miles")).to_be_checked()
    expect(page.get_by_role("radio", name="Kilometres")).not_to_be_checked()
    expect(page.get_by_label("Time zone")).to_have_value("Europe/London")
    page.get_by_role("button", name="Sign Up").click()
    # Nothing opens until the address is confirmed, from the link in the email.
    expect(page).to_have_url(f"{app_url}/accounts/confirm-email/")
    (message,) = mail.outbox
    confirm_path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)
    page.goto(f"{app_url}{confirm_path}")
    page.get_by_role("button", name="Confirm").click()
    page.goto(f"{app_url}/accounts/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{app_url}/today/")

    page.goto(f"{app_url}/shoes/new/")
    page.locator("input[name=name]").fill("Blue daily trainers")
    page.get_by_role("button", name="Save shoe").click()
    expect(page).to_have_url(f"{app_url}/shoes/")
    shoe_card = page.get_by_role("article").filter(has_text="Blue daily trainers")
    expect(shoe_card.get_by_test_id("shoe-total")).to_have_text("0.0 mi")

    page.goto(f"{app_url}/today/")
    # A full page load would wipe this; htmx swapping the form in place keeps it.
    page.evaluate("window.__sameDocument = true")
    checkin = page.locator("#checkin-form")
    tap_pain(checkin, "Pain now (0–10)", 3)
    checkin.get_by_role("radio", name="Right").check()
    checkin.get_by_role("button", name="Save check-in").click()
    expect(page.locator("#checkin-form").get_by_role("status")).to_have_text("Check-in saved.")
    assert page.evaluate("window.__sameDocument") is True

    run = page.locator("#run-form")
    run.get_by_label("Distance (mi)").fill("5")
    run.get_by_label("Time", exact=True).fill("45:00")
    run.get_by_role("button", name="Save run").click()
    expect(page.locator("#run-form").get_by_role("status")).to_have_text("Run saved.")
    assert page.evaluate("window.__sameDocument") is True

    page.goto(f"{app_url}/shoes/")
    expect(shoe_card.get_by_test_id("shoe-total")).to_have_text("5.0 mi")

    user = get_user_model().objects.get(email=EMAIL)
    assert Checkin.objects.filter(owner=user).count() == 1
    assert Run.objects.filter(owner=user).count() == 1
