"""Today at 360×740: short enough to take in (the demo journal in at most 3.5 screens), what was just
saved in view, and pain answered with taps on a 0–10 scale."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Locator, Page, expect

from journal.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD
from journal.models import Checkin, Run
from tests.browser.conftest import SHOTS, open_disclosure, sign_in, tap_pain
from tests.browser.test_accessibility import blocking_violations

SCREEN_PX = 740
TAB_BAR_PX = 57  # the fixed bottom navigation covers this much of the viewport


def sign_in_as_demo(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/accounts/login/")
    page.locator("input[name=login]").fill(DEMO_EMAIL)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{app_url}/today/")


def assert_on_screen(page: Page, element: Locator) -> None:
    """Wholly inside the viewport as it is now, above the tab bar: seen without scrolling."""
    box = element.bounding_box()
    assert box is not None
    bottom = box["y"] + box["height"]
    assert box["y"] >= 0 and bottom <= SCREEN_PX - TAB_BAR_PX, (box, page.evaluate("scrollY"))


def scale(form: Locator, question: str) -> Locator:
    return form.get_by_role("group", name=question)


def radio(group: Locator, value: int) -> Locator:
    return group.get_by_role("radio", name=re.compile(rf"^{value}\b"))


@pytest.mark.browser
def test_today_with_the_demo_journal_is_at_most_three_and_a_half_screens(page: Page, app_url: str):
    call_command("seed_demo", verbosity=0)
    sign_in_as_demo(page, app_url)
    page.goto(f"{app_url}/today/")
    page.wait_for_load_state("networkidle")  # the reminder prompt comes after the page
    expect(page.locator("#reminder-prompt")).to_be_visible()
    expect(page.locator("#today-so-far li")).not_to_have_count(0)

    # The trends are not in the page as it comes: they are fetched once scrolled to.
    trends = page.locator("#trends")
    expect(trends.locator("details")).to_have_count(0)
    expect(trends.get_by_role("link", name="Show your trends")).to_have_attribute("href", "/today/trends/")
    trends.scroll_into_view_if_needed()
    expect(trends.locator("figure.chart")).to_have_count(2)
    expect(trends.get_by_role("link", name="Show your trends")).to_have_count(0)
    page.evaluate("window.scrollTo(0, 0)")

    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 3.5 * SCREEN_PX, f"Today is {height / SCREEN_PX:.2f} screens ({height} px)"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # "Can I run today?" first, then today so far, the check-in, the run, the trends.
    order = ["#dashboard .answer", "#today-so-far", "#checkin-form", "#run-form", "#trends"]
    tops = [page.locator(selector).bounding_box()["y"] for selector in order]
    assert tops == sorted(tops), dict(zip(order, tops, strict=True))
    assert_on_screen(page, page.locator("#dashboard .answer"))
    page.screenshot(path=str(SHOTS / "today-360.png"), full_page=True)

    # The less common questions wait behind a disclosure, closed.
    checkin = page.locator("#checkin-form")
    expect(checkin.get_by_label("I cannot take four steps on it")).to_be_hidden()
    expect(checkin.get_by_label("Notes")).to_be_hidden()
    expect(page.locator("#run-form").get_by_label("Shoe")).to_be_hidden()
    expect(page.locator("#trends figure.chart").first).to_be_hidden()
    open_disclosure(checkin, "Warning signs")
    expect(checkin.get_by_label("I cannot take four steps on it")).to_be_visible()

    problems = blocking_violations(page)
    # And with every disclosure open, so axe sees what they hold.
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    problems += blocking_violations(page)
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_a_check_in_logged_with_taps_only_is_stored_and_shown_where_the_runner_is(
    browser: Browser, browser_context_args, app_url: str, runner
):
    context = browser.new_context(**browser_context_args, has_touch=True)
    try:
        page = context.new_page()
        sign_in(page, app_url, runner.email)
        checkin = page.locator("#checkin-form")
        now = scale(checkin, "Pain now (0–10)")
        # Unanswered to begin with: nothing ticked, no Clear.
        expect(now.locator("input:checked")).to_have_count(0)
        expect(now.get_by_role("button", name=re.compile("Clear"))).to_be_hidden()
        words = now.locator(".pain-words")
        expect(words).to_be_visible()
        for number, word in ((0, "no pain"), (5, "moderate"), (10, "worst imaginable")):
            expect(words).to_contain_text(f"{number} {word}")
            expect(radio(now, number)).to_have_accessible_name(f"{number} {word}")

        # Eleven targets of at least 44×44 px, within the 360 px screen.
        options = now.get_by_role("radio")
        expect(options).to_have_count(11)
        for option in options.all():
            box = option.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, box
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box

        radio(now, 3).tap()
        expect(radio(now, 3)).to_be_checked()
        checkin.get_by_role("radio", name="Right").tap()
        save = checkin.get_by_role("button", name="Save check-in")
        save.tap()

        status = page.locator("#checkin-form").get_by_role("status")
        expect(status).to_have_text("Check-in saved.")
        expect(status).to_be_focused()
        expect(page.locator("#today-so-far li")).to_have_count(1)
        page.wait_for_load_state("networkidle")
        assert_on_screen(page, status)

        stored = Checkin.objects.get(owner=runner)
        assert (stored.pain_now, stored.pain_waking, stored.side) == (3, None, "right")
        expect(page.locator("#today-so-far")).to_contain_text("Right: pain 3/10")
    finally:
        context.close()


@pytest.mark.browser
def test_the_pain_scale_works_from_the_keyboard_and_can_be_cleared(signed_in_page: Page, runner):
    page = signed_in_page
    checkin = page.locator("#checkin-form")
    waking = scale(checkin, "Waking pain or stiffness (0–10)")

    radio(waking, 4).focus()
    expect(radio(waking, 4)).not_to_be_checked()  # focus alone answers nothing
    page.keyboard.press("ArrowRight")
    expect(radio(waking, 5)).to_be_checked()
    expect(radio(waking, 5)).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(radio(waking, 6)).to_be_checked()
    page.keyboard.press("ArrowLeft")
    expect(radio(waking, 5)).to_be_checked()

    # Cleared, the question is unanswered again and is stored as not given, not as 0.
    now = scale(checkin, "Pain now (0–10)")
    radio(now, 8).check()
    now.get_by_role("button", name="Clear: Pain now (0–10)").click()
    expect(now.locator("input:checked")).to_have_count(0)
    expect(now.get_by_role("button", name=re.compile("Clear"))).to_be_hidden()
    checkin.get_by_role("radio", name="Left").check()
    checkin.get_by_role("button", name="Save check-in").click()
    expect(page.locator("#checkin-form").get_by_role("status")).to_have_text("Check-in saved.")
    stored = Checkin.objects.get(owner=runner)
    assert (stored.pain_now, stored.pain_waking) == (None, 5)
    expect(page.locator("#today-so-far")).to_contain_text("pain not given")


@pytest.mark.browser
def test_a_run_with_its_pain_tapped_is_stored_and_its_saved_message_shown(signed_in_page: Page, runner):
    page = signed_in_page
    run = page.locator("#run-form")
    run.get_by_label("Distance (km)").fill("5")
    run.get_by_label("Time", exact=True).fill("30:00")
    tap_pain(run, "Pain during the run (0–10)", 2)
    run.get_by_role("button", name="Save run").click()
    status = page.locator("#run-form").get_by_role("status")
    expect(status).to_have_text("Run saved.")
    page.wait_for_load_state("networkidle")
    assert_on_screen(page, status)
    assert Run.objects.get(owner=runner).pain_during == 2
    # A fresh form: its pain unanswered again.
    expect(page.locator("#run-form input[name=pain_during]:checked")).to_have_count(0)


@pytest.mark.browser
def test_without_javascript_a_check_in_is_saved_with_taps_and_a_red_flag_stays_in_sight(
    browser: Browser, browser_context_args, app_url: str, runner
):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, app_url, runner.email)
        checkin = page.locator("#checkin-form")
        tap_pain(checkin, "Pain now (0–10)", 6)
        open_disclosure(checkin, "Warning signs")
        checkin.get_by_label("I cannot take four steps on it").check()
        # No side chosen: the server refuses the check-in and shows the form again.
        checkin.evaluate("form => { form.noValidate = true; }")
        checkin.get_by_role("button", name="Save check-in").click()
        expect(page).to_have_url(f"{app_url}/entries/checkin/new/")
        checkin = page.locator("#checkin-form")
        expect(checkin.get_by_role("alert")).to_be_visible()
        # What was answered is kept, and the red-flag answer is not folded away.
        expect(radio(scale(checkin, "Pain now (0–10)"), 6)).to_be_checked()
        expect(checkin.get_by_label("I cannot take four steps on it")).to_be_visible()
        expect(checkin.get_by_label("I cannot take four steps on it")).to_be_checked()
        assert not Checkin.objects.filter(owner=runner).exists()

        checkin.get_by_role("radio", name="Right").check()
        checkin.get_by_role("button", name="Save check-in").click()
        expect(page).to_have_url(f"{app_url}/today/")
        saved = page.locator(".messages")
        expect(saved).to_have_text("Check-in saved.")
        assert_on_screen(page, saved)
        stored = Checkin.objects.get(owner=runner)
        assert (stored.pain_now, stored.can_walk_four_steps) == (6, False)
    finally:
        context.close()
