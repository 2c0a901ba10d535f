from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from journal.entries import services
from tests.browser.conftest import SHOTS
from tests.factories import make_checkin, make_run


@pytest.mark.browser
def test_the_plan_states_the_step_and_the_weeks_cap_once(signed_in_page: Page, app_url: str, runner):
    today = runner.profile.today()
    onset = today - timedelta(days=30)
    for week in range(1, 5):
        make_run(runner, day=onset - timedelta(days=7 * week), distance_m=35_000)
    episode = services.episode_record(
        owner=runner, label="Sprain", side="right", onset_date=onset, onset="sudden", status="recovering"
    )
    make_checkin(runner, day=today - timedelta(days=1), pain_now=0, heel_raises_ok=True, hop_ok=True)
    plan = services.return_plan_start(
        owner=runner, started_on=today - timedelta(days=2), pre_injury_weekly_m=35_000, episode=episode
    )
    make_run(runner, day=today - timedelta(days=1), distance_m=1500, pain_during=0, return_plan=plan)

    page = signed_in_page
    page.goto(f"{app_url}/today/")
    card = page.locator("section.plan")
    expect(card.get_by_role("heading")).to_have_text("Your walk-run plan: Walk-run 1")
    step = card.locator(".plan-step")
    expect(step).to_have_count(1)
    expect(step).to_have_text(
        "This week: run 1 minute, walk 2 minutes, for 10–15 minutes in all, on up to 3 days with a rest day "
        "between, so 45 minutes of walk-run at most (1 session so far)."
    )
    # No distance cap beside it to contradict the minutes.
    expect(card).not_to_contain_text("km this week")
    card.scroll_into_view_if_needed()
    card.screenshot(path=f"{SHOTS}/walk-run-plan-360.png")
