from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from journal.models import Flag
from tests.browser.conftest import open_disclosure, tap_pain

NO_DIAGNOSIS = re.compile(r"diagnos", re.IGNORECASE)


def answer(page: Page):
    return page.locator("#dashboard .answer-label strong")


@pytest.mark.browser
def test_urgent_check_in_shows_a_banner_that_stays_after_got_it(signed_in_page: Page, app_url: str, runner):
    page = signed_in_page
    page.goto(f"{app_url}/today/")
    expect(answer(page)).to_have_text("Go.")
    expect(page.locator(".banner")).to_have_count(0)
    expect(page.locator("[role=alert].banner")).to_have_count(0)

    # A full page load would wipe this; htmx swapping parts of the page in place keeps it.
    page.evaluate("window.__sameDocument = true")
    checkin = page.locator("#checkin-form")
    tap_pain(checkin, "Pain now (0–10)", 7)
    checkin.get_by_role("radio", name="Right").check()
    open_disclosure(checkin, "Warning signs")
    checkin.get_by_label("I cannot take four steps on it").check()
    checkin.get_by_role("button", name="Save check-in").click()
    expect(page.locator("#checkin-form").get_by_role("status")).to_have_text("Check-in saved.")

    dashboard = page.locator("#dashboard")
    banner = dashboard.locator(".banner")
    expect(banner).to_have_count(1)
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Get checked at urgent care today")
    expect(banner).to_contain_text("Meanwhile:")
    expect(answer(page)).to_have_text("Get help.")
    # Full width: the banner spans its container (the dashboard section) at this 360px viewport.
    banner_box = banner.bounding_box()
    dashboard_box = dashboard.bounding_box()
    assert banner_box is not None and dashboard_box is not None
    assert banner_box["width"] >= dashboard_box["width"] - 1
    expect(banner).not_to_have_text(NO_DIAGNOSIS)
    expect(dashboard).not_to_have_text(NO_DIAGNOSIS)
    assert page.evaluate("window.__sameDocument") is True

    card = dashboard.locator("details.flag").filter(has_text="You can't walk four steps")
    expect(card).to_have_count(1)
    if card.get_attribute("open") is None:
        card.locator("summary").click()
    expect(card.get_by_role("button", name="Got it")).to_be_visible()
    # Urgent flags cannot be dismissed: no such button, hidden or not.
    expect(card.locator("button", has_text="Dismiss")).to_have_count(0)

    card.get_by_role("button", name="Got it").click()
    card = page.locator("#dashboard details.flag").filter(has_text="You can't walk four steps")
    expect(card.locator("summary")).to_contain_text("Seen")
    expect(card.locator("button", has_text="Got it")).to_have_count(0)
    banner = page.locator("#dashboard .banner[role=alert]")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Get checked at urgent care today")
    expect(answer(page)).to_have_text("Get help.")
    assert page.evaluate("window.__sameDocument") is True

    flags = Flag.objects.filter(owner=runner, code="red_cannot_bear_weight", cleared_at__isnull=True)
    assert flags.count() == 1
    assert flags.get().acknowledged_at is not None


@pytest.mark.browser
def test_a_painful_run_says_rest(signed_in_page: Page, app_url: str):
    page = signed_in_page
    page.goto(f"{app_url}/today/")
    expect(answer(page)).to_have_text("Go.")
    page.evaluate("window.__sameDocument = true")

    run = page.locator("#run-form")
    run.get_by_label("Distance (km)").fill("5")
    run.get_by_label("Time", exact=True).fill("30:00")
    tap_pain(run, "Pain during the run (0–10)", 6)
    run.get_by_role("button", name="Save run").click()
    expect(page.locator("#run-form").get_by_role("status")).to_have_text("Run saved.")

    expect(answer(page)).to_have_text("Rest.")
    card = page.locator("#dashboard details.flag").filter(has_text="Pain during your run was high")
    expect(card).to_have_count(1)
    expect(card.locator("summary")).to_contain_text("Pain during your run was high")
    assert page.evaluate("window.__sameDocument") is True


@pytest.mark.browser
def test_a_second_check_in_the_same_day_after_a_fall_raises_the_banner_without_a_reload(
    signed_in_page: Page, app_url: str, runner
):
    page = signed_in_page
    page.goto(f"{app_url}/today/")
    page.evaluate("window.__sameDocument = true")
    morning = page.locator("#checkin-form")
    tap_pain(morning, "Pain now (0–10)", 1)
    morning.get_by_role("radio", name="Right").check()
    morning.get_by_role("button", name="Save check-in").click()
    expect(page.locator("#checkin-form").get_by_role("status")).to_have_text("Check-in saved.")
    expect(page.locator("#dashboard .banner")).to_have_count(0)

    # Later the same day, on the same side: a fall, and four steps are no longer possible.
    later = page.locator("#checkin-form")
    expect(later.get_by_role("heading")).to_have_text("Add another check-in")
    tap_pain(later, "Pain now (0–10)", 7)
    later.get_by_role("radio", name="Right").check()
    open_disclosure(later, "Warning signs")
    later.get_by_label("I cannot take four steps on it").check()
    later.get_by_label("I had a twist, fall or knock in the last few days").check()
    later.get_by_role("button", name="Save check-in").click()
    expect(page.locator("#checkin-form").get_by_role("status")).to_have_text("Check-in saved.")

    banner = page.locator("#dashboard .banner")
    expect(banner).to_have_count(1)
    expect(banner).to_contain_text("Get checked at urgent care today")
    expect(page.locator("#today-so-far li")).to_have_count(2)
    assert page.evaluate("window.__sameDocument") is True
    assert page.viewport_size == {"width": 360, "height": 740}
    assert Flag.objects.filter(owner=runner, code="red_cannot_bear_weight", cleared_at=None).count() == 1
