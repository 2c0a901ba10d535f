"""Today's trends on demand, in real Chromium: offline they say they need a connection while a check-in
is still kept on the device, and without JavaScript they are a link away."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from journal.models import Checkin, owner_today
from tests.browser import test_pwa
from tests.browser.conftest import open_disclosure, sign_in, tap_pain
from tests.browser.test_pwa import badge, queue_checkin, wait_until_sent
from tests.factories import make_checkin, make_run, make_shoe

# The installed app's fixtures: a persistent profile, signed in and controlled by the service worker.
app_context = test_pwa.app_context
app = test_pwa.app

SCREEN_PX = 740
WAITING = "Your trends need a connection. They will appear here when you are back online."


@pytest.mark.browser
def test_offline_the_trends_wait_for_the_connection_and_a_check_in_is_still_kept(
    app_context: BrowserContext, app: Page, app_url: str, runner
):
    page = app
    app_context.set_offline(True)
    page.reload()  # Today as the service worker kept it
    expect(page.locator("#checkin-form")).to_be_visible()
    trends = page.locator("#trends")
    trends.scroll_into_view_if_needed()
    expect(trends.get_by_role("status")).to_have_text(WAITING)
    expect(trends.locator("figure.chart")).to_have_count(0)

    # The check-in form is in the page itself: it logs on the device.
    page.evaluate("window.scrollTo(0, 0)")
    queue_checkin(page, pain="4", side="Left")
    expect(badge(page).locator("[data-count]")).to_have_text("1")

    # Back online: the trends come by themselves, and the entry is sent.
    app_context.set_offline(False)
    expect(page.locator("#trends figure.chart")).to_have_count(2)
    expect(page.locator("#trends").get_by_role("status")).to_have_count(0)
    wait_until_sent(page)
    assert Checkin.objects.get(owner=runner).pain_now == 4
    page.reload()
    expect(page.locator("#today-so-far")).to_contain_text("Left: pain 4/10")


@pytest.mark.browser
def test_without_javascript_the_trends_are_a_page_a_link_away(
    browser: Browser, browser_context_args, app_url: str, runner
):
    today = owner_today(runner)
    make_shoe(runner, name="Old pair", start_distance_m=790_000)
    for days_ago in (1, 3, 5):
        make_run(runner, day=today - timedelta(days=days_ago), distance_m=6000, pain_during=1)
        make_checkin(runner, day=today - timedelta(days=days_ago), pain_now=1)
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, app_url, runner.email)
        expect(page.locator("#trends figure.chart")).to_have_count(0)
        page.get_by_role("link", name="Show your trends").click()
        expect(page).to_have_url(f"{app_url}/today/trends/")
        expect(page).to_have_title("Your trends · Footnote")
        expect(page.locator("#trends figure.chart")).to_have_count(2)
        open_disclosure(page, "Shoes")
        expect(page.get_by_text("Old pair: 790.0 km of 804.7 km — check for wear")).to_be_visible()
        page.get_by_role("link", name="Back to Today").click()
        expect(page).to_have_url(f"{app_url}/today/")
    finally:
        context.close()


@pytest.mark.browser
def test_trends_scrolled_to_just_after_a_save_stay_where_the_runner_looks(signed_in_page: Page):
    page = signed_in_page
    checkin = page.locator("#checkin-form")
    tap_pain(checkin, "Pain now (0–10)", 2)
    checkin.get_by_role("radio", name="Right").check()
    checkin.get_by_role("button", name="Save check-in").click()
    expect(page.locator("#checkin-form").get_by_role("status")).to_have_text("Check-in saved.")
    page.wait_for_load_state("networkidle")  # "Can I run today?" and today so far are back

    # Scrolled down at once: the trends arrive, and the page does not jump back to the saved message.
    page.locator("#trends").scroll_into_view_if_needed()
    expect(page.locator("#trends figure.chart")).to_have_count(2)
    box = page.get_by_role("heading", name="Your trends").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= SCREEN_PX, box
